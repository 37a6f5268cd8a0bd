using DurableTask.Core;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Durable.Tests.Conformance;
using Serverless.Functions.Hosting.Durable;

namespace Serverless.Durable.Tests.Infrastructure;

/// <summary>
/// A host composed exactly as the standalone server composes its engine (<c>AddDurableTaskEngine</c>), with the
/// conformance tasks registered on the same worker, started on the given settings.
/// </summary>
public sealed class DurableEngine : IAsyncDisposable
{
    private readonly IHost _host;

    private DurableEngine(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<DurableTaskClient>();
    }

    public DurableTaskClient Client { get; }

    public IOrchestrationService Service => _host.Services.GetRequiredService<IOrchestrationService>();

    public IServiceProvider Services => _host.Services;

    public static async Task<DurableEngine> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        // No defaults: the machine's environment variables must not reach the engine under test.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        if (Environment.GetEnvironmentVariable("DURABLE_TEST_LOG") is { Length: > 0 } level)
        {
            // Diagnosis aid: DURABLE_TEST_LOG=Debug shows the engine's logs on the console.
            builder.Logging.AddSimpleConsole().SetMinimumLevel(Enum.Parse<LogLevel>(level));
        }

        builder.AddDurableTaskEngine();
        builder.Services.AddDurableTaskWorker(worker => worker.AddTasks(tasks => tasks.AddConformanceTasks()));
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new DurableEngine(host);
    }

    public static IReadOnlyDictionary<string, string?> Sqlite(string dataDirectory) =>
        new Dictionary<string, string?> { ["STORAGE"] = "embedded", ["DATA_DIR"] = dataDirectory };

    public static IReadOnlyDictionary<string, string?> Azure(string connectionString, string hubName) =>
        new Dictionary<string, string?> { ["STORAGE"] = "azure", ["AZURE_STORAGE_CONNECTION_STRING"] = connectionString, ["DURABLE_TASK_HUB"] = hubName };

    /// <summary>A task hub name no other test uses (letters and digits, as Azure Storage requires).</summary>
    public static string UniqueHubName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
    }
}
