using System.Diagnostics;
using DurableTask.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Durable.Tests.Infrastructure;
using Serverless.Functions.Hosting.Durable;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Durable.Tests.Hosting;

/// <summary>
/// A backend whose stop hangs or fails (as DTFx's Azure Storage provider's did, releasing its partition leases) neither
/// stalls the server's shutdown past <see cref="DurableTaskEngineOptions.BackendStopTimeout"/> nor ends the process.
/// The sidecar stops the backend from an <c>async void</c> handler: were its failure to escape there, the test host
/// process itself would die and the run would abort.
/// </summary>
public sealed class BackendStopTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);
    private readonly string _directory = Directory.CreateTempSubdirectory("durable-stop-").FullName;
    private readonly CapturedLogs _logs = new();

    [Fact]
    public async Task A_backend_whose_stop_never_ends_lets_the_server_stop_within_the_bound()
    {
        var engine = await StartAsync(_ => new TaskCompletionSource().Task);

        var elapsed = await StopAsync(engine);

        // The sidecar's grace period (2 s) plus the bound, with room for a loaded machine; unguarded, it never ends.
        Assert.True(elapsed < TimeSpan.FromSeconds(2) + Bound + TimeSpan.FromSeconds(6), $"stopped in {elapsed}");
        Assert.Contains("did not stop within 1.0 s", _logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backend_whose_stop_fails_is_logged_and_the_process_lives_on()
    {
        var engine = await StartAsync(async inner =>
        {
            await inner.StopAsync();
            throw new TimeoutException("partition release timed out");
        });

        await StopAsync(engine);
        // Let the sidecar's own stopping handler, which runs after the host's stop returned, reach the backend too.
        await Task.Delay(TimeSpan.FromSeconds(1));

        var failure = Assert.Single(_logs.Entries, entry => entry.Contains("Stopping the Durable Task backend failed", StringComparison.Ordinal));
        Assert.StartsWith("Warning", failure, StringComparison.Ordinal);
        Assert.Contains("partition release timed out", failure, StringComparison.Ordinal);
    }

    private async Task<DurableEngine> StartAsync(Func<IOrchestrationService, Task> stop)
    {
        var engine = await DurableEngine.StartAsync(DurableEngine.Sqlite(_directory), services =>
        {
            services.AddSingleton<ILoggerProvider>(_logs);
            services.Configure<DurableTaskEngineOptions>(options => options.BackendStopTimeout = Bound);
            services.AddSingleton<IOrchestrationService>(provider =>
                new FaultyStopService((IOrchestrationService)provider.GetRequiredService<IOrchestrationServiceClient>(), stop));
        });
        // An orchestration through the sidecar: its dispatchers run, so its stopping handler stops the backend too.
        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync("Sequence", 2);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var metadata = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, patience.Token);
        Assert.Equal("0,1", metadata.ReadOutputAs<string>());
        return engine;
    }

    private static async Task<TimeSpan> StopAsync(DurableEngine engine)
    {
        var started = Stopwatch.GetTimestamp();
        await engine.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        return Stopwatch.GetElapsedTime(started);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The real backend, but with the given stop.</summary>
    private sealed class FaultyStopService(IOrchestrationService inner, Func<IOrchestrationService, Task> stop) : DelegatingOrchestrationService(inner)
    {
        public override Task StopAsync() => stop(Inner);

        public override Task StopAsync(bool isForced) => stop(Inner);
    }
}
