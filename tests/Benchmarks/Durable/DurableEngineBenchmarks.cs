using System.Collections.Concurrent;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serverless.Functions.Hosting.Durable;
using Serverless.Storage.Tests.Azure;

namespace Serverless.Benchmarks.Durable;

/// <summary>
/// The standalone Durable Task engine (<c>AddDurableTaskEngine</c>, sidecar + gRPC worker + client) on each
/// backend, side by side in one run: the SQLite service and DTFx's Azure Storage provider on a real Azurite.
/// One operation starts <see cref="Orchestrations"/> concurrent orchestrations of five sequential activities and a
/// one-second durable timer and waits for all (throughput = Orchestrations / mean). Per-orchestration latency and
/// the activity round trip (one activity completing to the next one starting, measured in a 50-activity chain)
/// are printed at cleanup. Not run in CI.
/// Run: <c>dotnet run -c Release --project tests/Benchmarks -- --filter *DurableEngine*</c> (installs Azurite with npm on first use);
/// one size on both backends (the filter matches parameters too): <c>--filter '*DurableEngine*Orchestrations: 1000*'</c>.
/// </summary>
[Config(typeof(MacroBenchmarkConfig))]
public class DurableEngineBenchmarks
{
    private static readonly ConcurrentQueue<long> ChainActivityStarts = new();
    private readonly ConcurrentBag<double> _latenciesMs = [];
    private AzuriteFixture? _azurite;
    private Microsoft.Extensions.Hosting.IHost? _host;
    private DurableTaskClient? _client;
    private string _directory = "";

    public enum Backend
    {
        Sqlite,
        AzureStorage,
    }

    [Params(Backend.Sqlite, Backend.AzureStorage)]
    public Backend Store { get; set; }

    [Params(100, 1000)]
    public int Orchestrations { get; set; }

    /// <summary>Started by the first (warm-up) operation: BenchmarkDotNet's in-process toolchain did not await an async global setup here.</summary>
    private async Task SetupAsync()
    {
        _directory = Directory.CreateTempSubdirectory("durable-bench-").FullName;
        var settings = new Dictionary<string, string?> { ["STORAGE"] = "embedded", ["DATA_DIR"] = _directory };
        if (Store == Backend.AzureStorage)
        {
            _azurite = new AzuriteFixture();
            await _azurite.InitializeAsync();
            settings = new Dictionary<string, string?>
            {
                ["STORAGE"] = "azure",
                ["AZURE_STORAGE_CONNECTION_STRING"] = _azurite.ConnectionString,
                ["DURABLE_TASK_HUB"] = "bench" + Guid.NewGuid().ToString("N")[..10],
                ["DATA_DIR"] = _directory,
            };
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddDurableTaskEngine();
        builder.Services.AddDurableTaskWorker(worker => worker.AddTasks(tasks => tasks
            .AddActivityFunc<int, int>("Increment", (_, value) => value + 1)
            .AddActivityFunc<int, int>("ChainStep", (_, value) =>
            {
                ChainActivityStarts.Enqueue(Stopwatch.GetTimestamp());
                return value + 1;
            })
            .AddOrchestratorFunc<int, int>("FiveAndATimer", async (context, value) =>
            {
                for (var i = 0; i < 5; i++)
                {
                    value = await context.CallActivityAsync<int>("Increment", value);
                }

                await context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(1), CancellationToken.None);
                return value;
            })
            .AddOrchestratorFunc<int, int>("Chain", async (context, length) =>
            {
                var value = 0;
                for (var i = 0; i < length; i++)
                {
                    value = await context.CallActivityAsync<int>("ChainStep", value);
                }

                return value;
            })));
        _host = builder.Build();
        await _host.StartAsync();
        _client = _host.Services.GetRequiredService<DurableTaskClient>();
    }

    [Benchmark]
    public async Task<int> ConcurrentOrchestrations()
    {
        if (_client is null)
        {
            await SetupAsync();
        }

        var runs = Enumerable.Range(0, Orchestrations).Select(async i =>
        {
            var started = Stopwatch.GetTimestamp();
            var id = await _client!.ScheduleNewOrchestrationInstanceAsync("FiveAndATimer", i);
            var metadata = await _client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);
            _latenciesMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return metadata.ReadOutputAs<int>() == i + 5 ? 1 : throw new InvalidOperationException($"{id} returned {metadata.SerializedOutput}");
        });
        return (await Task.WhenAll(runs)).Sum();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_client is null)
        {
            return;
        }

        // The activity round trip on an idle engine: one activity's completion to the next one's start.
        ChainActivityStarts.Clear();
        var chain = await _client!.ScheduleNewOrchestrationInstanceAsync("Chain", 50);
        await _client.WaitForInstanceCompletionAsync(chain);
        var starts = ChainActivityStarts.ToArray();
        var roundTrips = starts.Zip(starts.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b).TotalMilliseconds).Order().ToArray();
        var latencies = _latenciesMs.Order().ToArray();
        Console.WriteLine(
            $"// DurableEngine {Store} x{Orchestrations}: orchestration latency p50 {Percentile(latencies, 0.50):F0} ms, p95 {Percentile(latencies, 0.95):F0} ms, max {latencies.LastOrDefault():F0} ms; " +
            $"activity round trip p50 {Percentile(roundTrips, 0.50):F2} ms, p95 {Percentile(roundTrips, 0.95):F2} ms");
        _latenciesMs.Clear();

        await _host!.StopAsync();
        _host.Dispose();
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];

    /// <summary>
    /// Each operation runs for seconds: measure it a few times, in this process, without pilot runs. An iteration of
    /// 1,000 orchestrations on Azurite takes minutes on a loaded machine, past the in-process toolchain's default limit.
    /// </summary>
    private sealed class MacroBenchmarkConfig : ManualConfig
    {
        public MacroBenchmarkConfig() => AddJob(Job.Default
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true))
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithInvocationCount(1)
            .WithUnrollFactor(1));
    }
}
