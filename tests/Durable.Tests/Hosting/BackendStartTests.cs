using System.Diagnostics;
using DurableTask.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Serverless.Durable.Tests.Infrastructure;
using Serverless.Functions.Hosting.Durable;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Durable.Tests.Hosting;

/// <summary>
/// A backend whose start fails neither ends the process nor goes unnoticed. The sidecar starts the backend from an
/// <c>async void</c> handler once the worker connects: were the failure to escape there, the test host process itself
/// would die and the run would abort. Contained, it is logged as an Error, <c>/health</c>'s check is unhealthy, and the
/// start is tried again until it succeeds. A store that cannot even be created fails the server's start instead.
/// </summary>
public sealed class BackendStartTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("durable-start-").FullName;
    private readonly CapturedLogs _logs = new();

    [Fact]
    public async Task A_backend_whose_start_fails_is_logged_reported_unhealthy_and_retried_until_it_starts()
    {
        var backend = new StartGate();
        await using var engine = await StartAsync(backend);
        var health = engine.Services.GetRequiredService<DurableEngineHealth>();
        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync("Sequence", 2);

        // The worker connects, the sidecar starts the backend: it fails, again and again, and the process lives on.
        await WaitUntilAsync(() => backend.FailedStarts >= 3);
        var unhealthy = await health.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, unhealthy.Status);
        Assert.Contains("FaultyStartService failed to start", unhealthy.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("lease table unreachable", unhealthy.Description, StringComparison.Ordinal);
        var failure = _logs.Entries.First(entry => entry.Contains("failed to start (attempt 1)", StringComparison.Ordinal));
        Assert.StartsWith("Error", failure, StringComparison.Ordinal);
        Assert.Contains("Backend=FaultyStartService", failure, StringComparison.Ordinal);
        Assert.Contains("lease table unreachable", failure, StringComparison.Ordinal);

        backend.Open();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var metadata = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, patience.Token);

        Assert.Equal("0,1", metadata.ReadOutputAs<string>());
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.Contains(_logs.Entries, entry => entry.Contains("FaultyStartService started at attempt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_backend_that_never_starts_lets_the_server_stop_and_the_process_live_on()
    {
        var backend = new StartGate();
        var engine = await StartAsync(backend);
        await engine.Client.ScheduleNewOrchestrationInstanceAsync("Sequence", 2);
        await WaitUntilAsync(() => backend.FailedStarts >= 2);

        var started = Stopwatch.GetTimestamp();
        await engine.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        var failuresAtStop = backend.FailedStarts;
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(15), $"stopped in {Stopwatch.GetElapsedTime(started)}");
        // Stopped means stopped: no attempt after the server's stop.
        Assert.Equal(failuresAtStop, backend.FailedStarts);
        Assert.Contains(_logs.Entries, entry => entry.StartsWith("Error", StringComparison.Ordinal) && entry.Contains("failed to start", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_store_that_cannot_be_created_fails_the_server_start_with_an_error_naming_the_backend()
    {
        var backend = new StartGate { FailCreate = true };

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(backend));

        Assert.Equal("store unreachable", exception.Message);
        var failure = Assert.Single(_logs.Entries, entry => entry.Contains("Creating the Durable Task store of FaultyStartService failed", StringComparison.Ordinal));
        Assert.StartsWith("Error", failure, StringComparison.Ordinal);
    }

    private Task<DurableEngine> StartAsync(StartGate gate) =>
        DurableEngine.StartAsync(DurableEngine.Sqlite(_directory), services =>
        {
            services.AddSingleton<ILoggerProvider>(_logs);
            services.Configure<DurableTaskEngineOptions>(options =>
            {
                options.BackendStartRetryDelay = TimeSpan.FromMilliseconds(50);
                options.BackendStartMaxRetryDelay = TimeSpan.FromMilliseconds(200);
            });
            services.AddSingleton<IOrchestrationService>(provider =>
                new FaultyStartService((IOrchestrationService)provider.GetRequiredService<IOrchestrationServiceClient>(), gate));
        });

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(20, patience.Token);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Whether the backend's start (and store creation) fail, and how often start did.</summary>
    private sealed class StartGate
    {
        private volatile bool _open;
        private int _failedStarts;

        public bool FailCreate { get; init; }

        public int FailedStarts => Volatile.Read(ref _failedStarts);

        public void Open() => _open = true;

        public bool TryStart()
        {
            if (_open)
            {
                return true;
            }

            Interlocked.Increment(ref _failedStarts);
            return false;
        }
    }

    /// <summary>The real backend, but its start fails until the gate opens.</summary>
    private sealed class FaultyStartService(IOrchestrationService inner, StartGate gate) : DelegatingOrchestrationService(inner)
    {
        public override Task CreateIfNotExistsAsync() =>
            gate.FailCreate ? Task.FromException(new InvalidOperationException("store unreachable")) : Inner.CreateIfNotExistsAsync();

        public override async Task StartAsync()
        {
            await Task.Yield();
            if (!gate.TryStart())
            {
                throw new InvalidOperationException("lease table unreachable");
            }

            await Inner.StartAsync();
        }
    }
}
