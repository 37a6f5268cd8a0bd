using System.Diagnostics;
using System.Text.Json.Nodes;
using Serverless.Functions.Tests.Simulators;
using Serverless.Functions.Tests.Webhooks.Outbound;
using Serverless.Storage.Tests.Azure;
using Xunit;
using Xunit.Abstractions;

namespace Serverless.Functions.Tests.SyncJobs;

/// <summary>
/// The platform server, run standalone as a real process, killed with SIGKILL ten times while a three-resource run is
/// under way (each time after a few more pages arrived), restarted on the same storage each time; the run must complete
/// with every record at the receiver. Pages sent again after a kill carry the same page number and event id.
/// </summary>
public abstract class SyncRunCrashContract(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Kills = 10;
    private const string Token = "crash-admin-token";
    private readonly string _directory = Directory.CreateTempSubdirectory("sync-crash-").FullName;
    private readonly WebhookReceiver _receiver = new();

    protected abstract IReadOnlyDictionary<string, string> BackendSettings(string dataDirectory);

    public Task InitializeAsync() => _receiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Run_completes_with_every_record_after_ten_kills_of_the_server()
    {
        await using var vendor = new HelpdeskSimulator(HelpdeskSync.Token, userCount: 1200, ticketCount: 120, commentsPerTicket: 3) { ResponseDelay = TimeSpan.FromMilliseconds(10) };
        await vendor.StartAsync();
        var settings = new Dictionary<string, string>(BackendSettings(_directory)) { ["DATA_DIR"] = _directory, ["SYNC_SEGMENT_PAGES"] = "10" };
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var started = Stopwatch.StartNew();

        Guid runId;
        HelpdeskSync sync;
        using (var first = await PlatformProcess.StartAsync(settings, Token))
        {
            sync = await HelpdeskSync.CreateAsync(first.Client, vendor.BaseUrl, _receiver.Url);
            runId = await sync.StartRunAsync(first.Client);
            await WaitForRecordsAsync(random.Next(1, 6), first);
            first.Kill();
        }
        for (var kill = 1; kill < Kills; kill++)
        {
            using var server = await PlatformProcess.StartAsync(settings, Token);
            await WaitForRecordsAsync(random.Next(1, 8), server);
            server.Kill();
        }

        JsonNode run;
        using (var last = await PlatformProcess.StartAsync(settings, Token))
        {
            run = await HelpdeskSync.WaitForRunAsync(last.Client, runId, TimeSpan.FromMinutes(4));
            Assert.True(run["status"]!.GetValue<string>() == "completed", $"{run.ToJsonString()}\n{last.Output}");
        }

        var events = HelpdeskSync.Events(_receiver, runId);
        try
        {
            HelpdeskSync.AssertAllRecords(vendor, events);
        }
        catch
        {
            // What arrived, in order: resource#page:first record id.
            output.WriteLine(string.Join(" ", events.Select(e => e["event_type"]!.GetValue<string>() == "sync_job_run:record"
                ? $"{e["payload"]!["resource"]}#{e["payload"]!["page"]}:{e["payload"]!["records"]![0]!["id"]}"
                : e["event_type"]!.GetValue<string>())));
            throw;
        }
        var records = events.Where(e => e["event_type"]!.GetValue<string>() == "sync_job_run:record").ToList();
        // A page sent twice is the same page: same resource, number and event id.
        foreach (var group in records.GroupBy(e => e["id"]!.GetValue<string>()))
        {
            Assert.Single(group.Select(e => $"{e["payload"]!["resource"]}#{e["payload"]!["page"]}").Distinct());
        }
        var pages = records.Select(e => $"{e["payload"]!["resource"]}#{e["payload"]!["page"]}").ToList();
        Assert.Equal(pages.Distinct().Count(), records.Select(e => e["id"]!.GetValue<string>()).Distinct().Count());
        output.WriteLine($"seed {seed}: {Kills} kills in {started.Elapsed.TotalSeconds:F1} s; {pages.Distinct().Count()} pages, {pages.Count - pages.Distinct().Count()} sent again after a kill");
    }

    /// <summary>Waits until <paramref name="count"/> more pages arrived than before (so each kill lands mid-run).</summary>
    private async Task WaitForRecordsAsync(int count, PlatformProcess server)
    {
        int Pages() => _receiver.Received.Count(r => r.AnsweredStatus == 200 && r.Body.AsSpan().IndexOf("sync_job_run:record"u8) >= 0);
        var target = Pages() + count;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (Pages() < target)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no progress: {Pages()} pages of {target}\n{server.Output}");
            await Task.Delay(20);
        }
    }
}

public sealed class SqliteSyncRunCrashTests(ITestOutputHelper output) : SyncRunCrashContract(output)
{
    protected override IReadOnlyDictionary<string, string> BackendSettings(string dataDirectory) =>
        new Dictionary<string, string> { ["STORAGE"] = "embedded" };
}

public sealed class AzureStorageSyncRunCrashTests(AzuriteFixture azurite, ITestOutputHelper output) : SyncRunCrashContract(output), IClassFixture<AzuriteFixture>
{
    protected override IReadOnlyDictionary<string, string> BackendSettings(string dataDirectory) => new Dictionary<string, string>
    {
        ["STORAGE"] = "azure",
        ["AZURE_STORAGE_CONNECTION_STRING"] = azurite.ConnectionString,
        ["DURABLE_TASK_HUB"] = "synccrash" + Guid.NewGuid().ToString("N")[..8],
        // A killed process's messages reappear after this (the default 15 s would make ten kills take minutes).
        ["DurableTaskEngine__AzureVisibilityTimeout"] = "00:00:04",
    };
}
