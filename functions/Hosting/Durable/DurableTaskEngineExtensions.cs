using DurableTask.Core;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.Options;
using Serverless.Core.Durable;
using Serverless.Core.Durable.Sqlite;

namespace Serverless.Functions.Hosting.Durable;

internal static class DurableTaskEngineExtensions
{
    /// <summary>
    /// Runs Durable Task orchestrations in this process, as the Functions host does in Azure: the sidecar on a
    /// private Unix socket, the Durable Task worker with the platform's orchestrators and activities
    /// (<see cref="PlatformTasks.AddPlatformTasks"/>), and a <see cref="DurableTaskClient"/> for the rest of the
    /// server. The backend follows <c>STORAGE</c>: SQLite in <c>DATA_DIR/durable.db</c> (default), or DTFx's Azure
    /// Storage provider (Azurite locally) in the task hub <c>DURABLE_TASK_HUB</c>.
    /// </summary>
    /// <remarks>
    /// More tasks may be registered with <c>services.AddDurableTaskWorker(b =&gt; b.AddTasks(...))</c>: it configures the
    /// same worker. Tuning: <see cref="DurableTaskEngineOptions"/>.
    /// </remarks>
    /// <exception cref="PlatformConfigurationException">A setting is missing or malformed.</exception>
    public static IHostApplicationBuilder AddDurableTaskEngine(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = DurableTaskSettings.FromConfiguration(builder.Configuration);
        var services = builder.Services;
        services.AddSingleton(settings);
        // Settings DurableTaskEngine__<option> (e.g. DurableTaskEngine__AzureVisibilityTimeout=00:00:05) tune it without code.
        services.AddOptions<DurableTaskEngineOptions>().Bind(builder.Configuration.GetSection(DurableTaskEngineOptions.Section));
        services.AddSingleton(sp => CreateBackend(sp, settings));
        services.AddSingleton(sp => (IOrchestrationServiceClient)sp.GetRequiredService<DurableBackend>().Service);
        services.AddSingleton(sp => sp.GetRequiredService<DurableBackend>() switch
        {
            { Service: SqliteOrchestrationService sqlite } => (IOrchestrationService)sqlite,
            // The Azure Storage provider expects DTFx's dispatchers, which renew locks; the sidecar does not.
            var other => new SidecarAdaptedOrchestrationService(
                other.Service,
                sp.GetRequiredService<IOptions<DurableTaskEngineOptions>>().Value.AzureVisibilityTimeout,
                sp.GetRequiredService<ILogger<SidecarAdaptedOrchestrationService>>()),
        });
        services.AddSingleton<SidecarEndpoint>();
        services.AddSingleton<DurableEngineHealth>();
        services.AddHealthChecks().AddCheck<DurableEngineHealth>(DurableEngineHealth.Name);

        // Before the worker: hosted services start in registration order and stop in reverse.
        services.AddHostedService<DurableSidecarHost>();
        services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc();
            worker.AddTasks(tasks => tasks.AddPlatformTasks());
            services.AddOptions<GrpcDurableTaskWorkerOptions>(worker.Name)
                .Configure<SidecarEndpoint, IOptions<DurableTaskEngineOptions>>((grpc, endpoint, engine) =>
                {
                    grpc.Channel = endpoint.Channel;
                    grpc.Concurrency.MaximumConcurrentActivityWorkItems = engine.Value.MaxConcurrentActivities;
                    grpc.Concurrency.MaximumConcurrentOrchestrationWorkItems = engine.Value.MaxConcurrentOrchestrations;
                });
        });
        services.AddDurableTaskClient(client =>
        {
            client.UseGrpc();
            services.AddOptions<GrpcDurableTaskClientOptions>(client.Name)
                .Configure<SidecarEndpoint>((grpc, endpoint) => grpc.Channel = endpoint.Channel);
        });
        return builder;
    }

    private static DurableBackend CreateBackend(IServiceProvider services, DurableTaskSettings settings)
    {
        var options = services.GetRequiredService<IOptions<DurableTaskEngineOptions>>().Value;
        var loggers = services.GetRequiredService<ILoggerFactory>();
        return new DurableBackend(settings.Storage switch
        {
            AzureStorageSettings azure => (IOrchestrationService)AzureStorageBackend.Create(azure, settings.HubName, options, loggers),
            EmbeddedStorageSettings embedded => new SqliteOrchestrationService(
                new SqliteOrchestrationServiceOptions
                {
                    DatabasePath = Path.Combine(embedded.DataDirectory, DurableTaskEngineOptions.DatabaseFileName),
                    LockTimeout = options.LockTimeout,
                    PollInterval = options.PollInterval,
                    MaxConcurrentOrchestrations = options.MaxConcurrentOrchestrations,
                    MaxConcurrentActivities = options.MaxConcurrentActivities,
                },
                services.GetService<TimeProvider>(),
                loggers.CreateLogger<SqliteOrchestrationService>()),
            _ => throw new PlatformConfigurationException(PlatformSettings.Storage, $"no Durable Task backend for {settings.Storage.GetType().Name}."),
        });
    }

    /// <summary>The backend object (service and client in one), owned by the container.</summary>
    private sealed record DurableBackend(IOrchestrationService Service) : IDisposable
    {
        public void Dispose() => (Service as IDisposable)?.Dispose();
    }
}
