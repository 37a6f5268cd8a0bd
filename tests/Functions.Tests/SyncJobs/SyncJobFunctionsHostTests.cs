using Serverless.Functions.Tests.FunctionApp;
using Serverless.Functions.Tests.Simulators;
using Serverless.Functions.Tests.Webhooks.Outbound;
using Xunit;

namespace Serverless.Functions.Tests.SyncJobs;

/// <summary>
/// The published Function App under the real Functions host on Azurite: the run is created through the SyncJobs HTTP
/// function (its bound Durable client starts the orchestration) and Durable Functions runs the orchestrator and
/// activity shims.
/// </summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class SyncJobFunctionsHostTests(FunctionsHostFixture host)
{
    [Fact]
    public async Task Three_resource_job_runs_under_durable_functions_and_delivers_every_record()
    {
        await using var vendor = new HelpdeskSimulator(HelpdeskSync.Token, userCount: 2500, ticketCount: 500, commentsPerTicket: 5);
        await vendor.StartAsync();
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var sync = await HelpdeskSync.CreateAsync(host.Client, vendor.BaseUrl, receiver.Url);

        var runId = await sync.StartRunAsync(host.Client);
        var run = await HelpdeskSync.WaitForRunAsync(host.Client, runId, TimeSpan.FromMinutes(4));

        Assert.True(run["status"]!.GetValue<string>() == "completed", $"{run.ToJsonString()}\n--- host output ---\n{host.Output}");
        // The run's document says completed before the event announcing it is sent.
        await HelpdeskSync.WaitForEventAsync(receiver, runId, TimeSpan.FromMinutes(1), e => e["event_type"]!.GetValue<string>() == "sync_job_run:completed");
        var events = HelpdeskSync.Events(receiver, runId);
        HelpdeskSync.AssertAllRecords(vendor, events);
        Assert.Equal(["sync_job_run:created", "sync_job_run:started"], events.Take(2).Select(e => e["event_type"]!.GetValue<string>()));
        Assert.Equal("sync_job_run:completed", events[^1]["event_type"]!.GetValue<string>());
        Assert.All(receiver.Received, delivered => Assert.Null(StandardWebhooksVerifier.Verify(sync.Secret, delivered, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow)));
        Assert.Equal(2500, run["resource_stats"]!["ticket_comments"]!["records"]!.GetValue<long>());
    }
}
