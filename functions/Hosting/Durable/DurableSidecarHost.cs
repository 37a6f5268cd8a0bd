using System.Diagnostics;
using DurableTask.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.Options;

namespace Serverless.Functions.Hosting.Durable;

/// <summary>
/// The Durable Task sidecar (DTFx's <see cref="TaskHubGrpcServer"/>, the part the Functions host plays in Azure) as
/// a small Kestrel host of its own on <see cref="SidecarEndpoint"/>. Registered before the Durable Task worker, it
/// starts first and stops last; on stop it gives open calls a short grace period, then stops the orchestration
/// service (which hands back its locks so the next process resumes at once), waiting for that a bounded time
/// (<see cref="BoundedStopOrchestrationService"/>). The sidecar starts the service itself, from a callback: a failed start
/// is logged, reported by <see cref="DurableEngineHealth"/> and retried (<see cref="RetryingStartOrchestrationService"/>).
/// </summary>
internal sealed partial class DurableSidecarHost(
    IOrchestrationService service,
    IOrchestrationServiceClient client,
    SidecarEndpoint endpoint,
    IOptions<DurableTaskEngineOptions> options,
    DurableEngineHealth health,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<DurableSidecarHost>();
    // The sidecar starts the backend from a callback and both it and this host stop it: none of it may end the process
    // or stall the server.
    private readonly BoundedStopOrchestrationService _service = new(
        new RetryingStartOrchestrationService(service, health, options.Value, loggerFactory.CreateLogger<RetryingStartOrchestrationService>()),
        options.Value.BackendStopTimeout,
        loggerFactory.CreateLogger<BoundedStopOrchestrationService>());
    private readonly string _backendName = service.GetType().Name;
    private WebApplication? _sidecar;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _service.CreateIfNotExistsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Before the server listens: failing its start is the clean way out (the supervisor restarts it).
            LogCreateFailed(_logger, exception, _backendName);
            throw;
        }

        var sidecar = await BuildOutsideTheCallersFlowAsync().ConfigureAwait(false);
        // Created now, so that it starts its dispatchers on this host's ApplicationStarted.
        _ = sidecar.Services.GetRequiredService<TaskHubGrpcServer>();
        await sidecar.StartAsync(cancellationToken).ConfigureAwait(false);
        _sidecar = sidecar;
        LogStarted(_logger, _backendName, endpoint.SocketPath);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _sidecar, null) is not { } sidecar)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(options.Value.ShutdownTimeout);
        try
        {
            await sidecar.StopAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Open calls were cut off after the grace period: their clients retry against the next process.
        }

        var stopped = Stopwatch.GetElapsedTime(started);
        await _service.StopAsync().ConfigureAwait(false);
        await sidecar.DisposeAsync().ConfigureAwait(false);
        LogStopped(_logger, stopped.TotalMilliseconds, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// Builds the sidecar's host with the caller's execution context suppressed. Building a host announces itself on
    /// the process-wide "Microsoft.Extensions.Hosting" diagnostic listener, and a listener filtering by async flow
    /// takes every host built in its flow for its own: WebApplicationFactory, whose entry-point thread starts the
    /// server and so this service, would apply its test configuration to the sidecar's builder too.
    /// </summary>
    private Task<WebApplication> BuildOutsideTheCallersFlowAsync()
    {
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(Build);
        }
    }

    private WebApplication Build()
    {
        // An empty builder: no configuration sources, so nothing meant for the server (ASPNETCORE_URLS) applies here.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(endpoint.Listen);
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggerFactory));
        // The sidecar logs every instance it creates at Information; keep the server's log for what matters.
        builder.Logging.AddFilter("Microsoft.DurableTask.Sidecar", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        // The server's lifetime decides when this host stops (after the worker), not SIGTERM.
        builder.Services.AddSingleton<IHostLifetime, SidecarLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.Value.ShutdownTimeout);
        builder.Services.AddRoutingCore();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = null;
            grpc.MaxSendMessageSize = null;
        });
        builder.Services.AddSingleton<IOrchestrationService>(_service);
        builder.Services.AddSingleton(client);
        builder.Services.AddSingleton<TaskHubGrpcServer>();

        var sidecar = builder.Build();
        sidecar.UseRouting();
        sidecar.MapGrpcService<TaskHubGrpcServer>();
        return sidecar;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _sidecar, null) is { } sidecar)
        {
            await sidecar.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class SidecarLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Durable Task engine started on {Backend}; sidecar on unix:{SocketPath}.")]
    private static partial void LogStarted(ILogger logger, string backend, string socketPath);

    [LoggerMessage(Level = LogLevel.Error, Message = "Creating the Durable Task store of {Backend} failed; the server does not start.")]
    private static partial void LogCreateFailed(ILogger logger, Exception exception, string backend);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Durable Task sidecar stopped in {SidecarMilliseconds:F0} ms, engine in {TotalMilliseconds:F0} ms.")]
    private static partial void LogStopped(ILogger logger, double sidecarMilliseconds, double totalMilliseconds);
}
