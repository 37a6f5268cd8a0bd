using System.Net;
using System.Text.Json.Nodes;
using Serverless.Functions.Tests.Infrastructure;
using Serverless.Functions.Tests.Simulators;
using Serverless.Functions.Tests.Webhooks.Outbound;
using Xunit;

namespace Serverless.Functions.Tests.SyncJobs;

/// <summary>Sync job runs end to end: the running platform pages a help desk simulator and delivers to a real receiver.</summary>
public sealed class SyncJobRunTests(SyncServerFixture fixture) : IClassFixture<SyncServerFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly WebhookReceiver receiver = new();

    private PlatformServer Platform => fixture.Server;

    public Task InitializeAsync() => receiver.StartAsync();

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public async Task Three_resource_job_delivers_every_one_of_5500_records_page_by_page_signed_and_in_order()
    {
        await using var vendor = new HelpdeskSimulator(HelpdeskSync.Token, userCount: 2500, ticketCount: 500, commentsPerTicket: 5);
        await vendor.StartAsync();
        var sync = await HelpdeskSync.CreateAsync(Platform.Client, vendor.BaseUrl, receiver.Url);

        var runId = await sync.StartRunAsync(Platform.Client);
        var run = await HelpdeskSync.WaitForRunAsync(Platform.Client, runId, Patience);

        Assert.Equal("completed", run["status"]!.GetValue<string>());
        var events = HelpdeskSync.Events(receiver, runId);
        HelpdeskSync.AssertAllRecords(vendor, events);
        var types = events.Select(e => e["event_type"]!.GetValue<string>()).ToList();
        Assert.Equal(["sync_job_run:created", "sync_job_run:started"], types.Take(2));
        Assert.Equal("sync_job_run:completed", types[^1]);
        Assert.All(types.Skip(2).SkipLast(1), type => Assert.Equal("sync_job_run:record", type));
        // Resources in the job's order, each page once.
        var order = events.Where(e => e["event_type"]!.GetValue<string>() == "sync_job_run:record").Select(e => e["payload"]!["resource"]!.GetValue<string>()).Distinct();
        Assert.Equal(HelpdeskSync.Resources, order);
        Assert.Equal(25 + 5 + 500, types.Count(t => t == "sync_job_run:record"));

        foreach (var delivered in receiver.Received.Where(r => r.AnsweredStatus == 200))
        {
            Assert.Null(StandardWebhooksVerifier.Verify(sync.Secret, delivered, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow));
            Assert.Null(StandardWebhooksVerifier.VerifyTruto(sync.Secret, delivered));
            Assert.Equal(JsonNode.Parse(delivered.Body)!["id"]!.GetValue<string>(), delivered.Headers["webhook-id"]);
        }
        var first = events[2]["payload"]!;
        Assert.Equal(sync.AccountId.ToString(), first["integrated_account_id"]!.GetValue<string>());
        Assert.Equal(1, first["page"]!.GetValue<int>());

        var stats = run["resource_stats"]!;
        Assert.Equal(2500, stats["users"]!["records"]!.GetValue<long>());
        Assert.Equal(25, stats["users"]!["pages"]!.GetValue<long>());
        Assert.Equal(500, stats["tickets"]!["records"]!.GetValue<long>());
        Assert.Equal(2500, stats["ticket_comments"]!["records"]!.GetValue<long>());
        Assert.Equal(500, stats["ticket_comments"]!["pages"]!.GetValue<long>());
        var completed = events[^1]["payload"]!;
        Assert.Equal("completed", completed["status"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(stats, completed["resource_stats"]), completed.ToJsonString());
        Assert.NotNull(run["started_at"]);
        Assert.NotNull(run["finished_at"]);
        Assert.Null(run["checkpoint"]);
    }
}
