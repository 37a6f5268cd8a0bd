using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serverless.Core.Triggers;
using Serverless.Core.Workflows.Schedules;
using Serverless.Functions.Tests.Infrastructure;
using Serverless.Functions.Tests.Simulators;
using Serverless.Functions.Tests.SyncJobs;
using Serverless.Functions.Tests.Webhooks.Outbound;
using Xunit;
using static Serverless.Functions.Tests.Workflows.TrutoWorkflowExamples;

namespace Serverless.Functions.Tests.Workflows;

/// <summary>
/// Cron steps on a running platform whose timers run on a <see cref="FakeTimeProvider"/> (the keyed timer clock): Truto's
/// cron example (<c>0 */6 * * *</c>) schedules the account's sync job, and firings of the <c>WorkflowSchedules</c> timer
/// function, through the trigger seam or the standalone timer service as the clock moves, create runs at the due
/// minutes only, once each, across a restart and with two servers on the same SQLite store.
/// </summary>
public sealed class WorkflowScheduleTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset Start = new(2030, 1, 7, 9, 0, 20, TimeSpan.Zero);
    private static readonly DateTimeOffset Noon = new(2030, 1, 7, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);
    private readonly WebhookReceiver _receiver = new();
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("workflow-schedules-").FullName;
    private readonly List<PlatformServer> _servers = [];
    private HelpdeskSimulator _vendor = null!;

    public async Task InitializeAsync()
    {
        await _receiver.StartAsync();
        _vendor = new HelpdeskSimulator(HelpdeskSync.Token, userCount: 5, ticketCount: 2, commentsPerTicket: 1);
        await _vendor.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
        await _vendor.DisposeAsync();
        await _receiver.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A handle still closing; the OS cleans temporary directories.
        }
    }

    [Fact]
    public async Task Cron_step_fires_at_its_due_minutes_only_once_each_through_the_timer_seam_and_the_standalone_timer()
    {
        var server = await StartServerAsync();
        var (sync, workflowId, accountId) = await ScheduleAsync(server);

        var schedule = Assert.Single(await SchedulesAsync(server, workflowId));
        Assert.Equal(accountId.ToString(), schedule["integrated_account_id"]!.GetValue<string>());
        Assert.Equal("0 */6 * * *", schedule["cron_expression"]!.GetValue<string>());
        Assert.Equal(Noon, schedule["next_run_at"]!.GetValue<DateTimeOffset>());
        Assert.Equal(sync.JobId.ToString(), schedule["request"]!["sync_job_id"]!.GetValue<string>());

        await FireAsync(server, Noon.AddMinutes(-1));
        Assert.Empty(await SyncRunsAsync(server, sync));
        await FireAsync(server, Noon);
        Assert.Single(await SyncRunsAsync(server, sync));
        await FireAsync(server, Noon); // the same due time again: a second timer invocation, a retry
        await FireAsync(server, Noon.AddMinutes(1));
        await FireAsync(server, Noon.AddHours(6).AddMinutes(-1));
        Assert.Single(await SyncRunsAsync(server, sync));
        await FireAsync(server, Noon.AddHours(6));
        var runs = await SyncRunsAsync(server, sync);
        Assert.Equal(2, runs.Count);
        schedule = Assert.Single(await SchedulesAsync(server, workflowId));
        Assert.Equal(Noon.AddHours(6), schedule["last_run_at"]!.GetValue<DateTimeOffset>());
        Assert.Equal(Noon.AddHours(12), schedule["next_run_at"]!.GetValue<DateTimeOffset>());
        Assert.Contains(runs, run => run["id"]!.GetValue<string>() == schedule["last_sync_job_run_id"]!.GetValue<string>());
        Assert.All(runs, run => Assert.Equal(accountId.ToString(), run["integrated_account_id"]!.GetValue<string>()));

        // The standalone timer service waits on the same clock: moving it to the next due time fires it, once.
        _clock.SetUtcNow(Noon.AddHours(12));
        await WaitForSyncRunsAsync(server, sync, 3);
        schedule = Assert.Single(await SchedulesAsync(server, workflowId));
        Assert.Equal(Noon.AddHours(18), schedule["next_run_at"]!.GetValue<DateTimeOffset>());
        // Every run the schedule created completes and delivers its records (incremental after the first completed one).
        foreach (var run in await SyncRunsAsync(server, sync))
        {
            var id = Guid.Parse(run["id"]!.GetValue<string>());
            Assert.Equal("completed", (await HelpdeskSync.WaitForRunAsync(server.Client, id, Patience))["status"]!.GetValue<string>());
            HelpdeskSync.AssertAllUsers(_vendor, HelpdeskSync.Events(_receiver, id));
        }
    }

    [Fact]
    public async Task Due_times_missed_while_the_platform_was_down_fire_once_at_the_first_tick_after_the_restart()
    {
        var first = await StartServerAsync();
        var (sync, workflowId, _) = await ScheduleAsync(first);
        await first.DisposeAsync();
        _servers.Remove(first);

        // Down across three due times (12:00, 18:00, 00:00); back up half a minute before the fourth.
        _clock.SetUtcNow(Noon.AddHours(18).AddSeconds(-30));
        var second = await StartServerAsync();
        Assert.Equal(Noon, Assert.Single(await SchedulesAsync(second, workflowId))["next_run_at"]!.GetValue<DateTimeOffset>());
        Assert.Empty(await SyncRunsAsync(second, sync));

        _clock.Advance(TimeSpan.FromSeconds(30));
        await WaitForSyncRunsAsync(second, sync, 1);
        var schedule = Assert.Single(await SchedulesAsync(second, workflowId));
        Assert.Equal(Noon.AddHours(18), schedule["last_run_at"]!.GetValue<DateTimeOffset>());
        Assert.Equal(Noon.AddHours(24), schedule["next_run_at"]!.GetValue<DateTimeOffset>());
        await FireAsync(second, Noon.AddHours(18).AddMinutes(1));
        Assert.Single(await SyncRunsAsync(second, sync));
    }

    [Fact]
    public async Task Two_servers_on_the_same_store_fire_each_due_time_once_between_them()
    {
        var one = await StartServerAsync();
        var two = await StartServerAsync();
        var (sync, workflowId, _) = await ScheduleAsync(one);
        Assert.Single(await SchedulesAsync(two, workflowId));

        for (var k = 0; k < 4; k++)
        {
            var due = Noon.AddHours(6 * k);
            await Task.WhenAll(FireAsync(one, due), FireAsync(two, due), FireAsync(one, due), FireAsync(two, due));
            Assert.Equal(k + 1, (await SyncRunsAsync(two, sync)).Count);
        }

        // Both standalone timer services tick at the same moment of the shared clock.
        _clock.SetUtcNow(Noon.AddHours(24));
        await WaitForSyncRunsAsync(one, sync, 5);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(5, (await SyncRunsAsync(one, sync)).Count);
        Assert.Equal(Noon.AddHours(30), Assert.Single(await SchedulesAsync(two, workflowId))["next_run_at"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Deleting_the_account_removes_its_schedules_editing_the_step_moves_them_and_deleting_the_workflow_removes_the_rest()
    {
        var server = await StartServerAsync();
        var (sync, workflowId, accountId) = await ScheduleAsync(server);
        var otherAccount = await sync.ConnectAccountAsync(server.Client);
        await WaitAsync(async () => (await SchedulesAsync(server, workflowId)).Count == 2, "a schedule for the second account");

        (await server.Client.DeleteJsonAsync($"/integrated-account/{accountId}")).Expect(HttpStatusCode.OK);
        await WaitAsync(async () => (await SchedulesAsync(server, workflowId)).Count == 1, "the deleted account's schedule to go");
        var left = Assert.Single(await SchedulesAsync(server, workflowId));
        Assert.Equal(otherAccount.ToString(), left["integrated_account_id"]!.GetValue<string>());

        var workflow = (await server.Client.GetJsonAsync($"/workflow/{workflowId}")).Expect(HttpStatusCode.OK);
        var config = workflow["config"]!.DeepClone().AsObject();
        config["steps"]![0]!["cron_expression"] = "30 * * * *";
        (await server.Client.PatchJsonAsync($"/workflow/{workflowId}", new JsonObject { ["config"] = config })).Expect(HttpStatusCode.OK);
        var moved = Assert.Single(await SchedulesAsync(server, workflowId));
        Assert.Equal("30 * * * *", moved["cron_expression"]!.GetValue<string>());
        Assert.Equal(Start.Date.AddHours(9).AddMinutes(30), moved["next_run_at"]!.GetValue<DateTimeOffset>().UtcDateTime);

        (await server.Client.DeleteJsonAsync($"/workflow/{workflowId}")).Expect(HttpStatusCode.OK);
        (await server.Client.GetJsonAsync($"/workflow/{workflowId}/schedules")).ExpectError(HttpStatusCode.NotFound);
        await FireAsync(server, Noon.AddHours(6));
        Assert.Empty(await SyncRunsAsync(server, sync));
    }

    private async Task<PlatformServer> StartServerAsync()
    {
        var server = await PlatformServer.StartAsync(_dataDirectory,
            configureServices: services => services.AddKeyedSingleton<TimeProvider>(TimerTriggerClock.Key, _clock));
        _servers.Add(server);
        return server;
    }

    /// <summary>The cron example of Truto's guide, and an account whose activation runs it: one schedule, no run yet.</summary>
    private async Task<(HelpdeskSync Sync, Guid WorkflowId, Guid AccountId)> ScheduleAsync(PlatformServer server)
    {
        var sync = await HelpdeskSync.PrepareAsync(server.Client, _vendor.BaseUrl, _receiver.Url, name: "calcom");
        var workflowId = await CreateWithCronAsync(server.Client, sync.JobId, sync.WebhookId);
        var accountId = await sync.ConnectAccountAsync(server.Client);
        var run = await WaitForRunAsync(server.Client, workflowId, Patience);
        Assert.Equal("completed", run["status"]!.GetValue<string>());
        var step = Assert.Single(run["steps"]!.AsArray())!;
        Assert.Equal("scheduled", step["status"]!.GetValue<string>());
        Assert.Null(step["sync_job_run_id"]);
        Assert.NotNull(step["schedule_id"]);
        Assert.Empty(await SyncRunsAsync(server, sync));
        return (sync with { AccountId = accountId }, workflowId, accountId);
    }

    private static Task FireAsync(PlatformServer server, DateTimeOffset at) =>
        server.Services.GetRequiredService<TriggerDispatcher>().DispatchTimerAsync(WorkflowScheduleTimer.Name, new TimerTriggerContext(at, false, null, null), CancellationToken.None);

    private static async Task<IReadOnlyList<JsonNode>> SchedulesAsync(PlatformServer server, Guid workflowId) =>
        [.. (await server.Client.GetJsonAsync($"/workflow/{workflowId}/schedules")).Expect(HttpStatusCode.OK)["result"]!.AsArray().Select(s => s!)];

    private static async Task<IReadOnlyList<JsonNode>> SyncRunsAsync(PlatformServer server, HelpdeskSync sync) =>
        [.. (await server.Client.GetJsonAsync($"/sync-job-run?sync_job_id={sync.JobId}")).Expect(HttpStatusCode.OK)["result"]!.AsArray().Select(r => r!)];

    private static Task WaitForSyncRunsAsync(PlatformServer server, HelpdeskSync sync, int count) =>
        WaitAsync(async () => (await SyncRunsAsync(server, sync)).Count >= count, $"{count} sync runs");

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited {Patience} for {what}");
            await Task.Delay(100);
        }
    }
}
