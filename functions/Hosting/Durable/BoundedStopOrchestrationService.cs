using DurableTask.Core;

namespace Serverless.Functions.Hosting.Durable;

/// <summary>
/// The backend as the sidecar sees it, with a stop that cannot end or stall the server. The sidecar stops the
/// service from an <c>async void</c> handler of its host's ApplicationStopping, where an exception ends the process,
/// and the engine awaits the same stop: DTFx's Azure Storage provider was seen waiting 10 minutes releasing its
/// partition leases (<c>TablePartitionManager.StopAsync</c>), then throwing a <c>TimeoutException</c>. Both callers
/// share one stop, awaited at most <see cref="DurableTaskEngineOptions.BackendStopTimeout"/>; a failure is logged,
/// and a stop still running then is left to finish (or fail, logged) in the background.
/// </summary>
/// <remarks>
/// Abandoning the stop is safe because what it hands back expires by itself: Azure Storage partition leases lapse
/// when no longer renewed and received messages reappear after their visibility timeout; SQLite locks expire after
/// <see cref="DurableTaskEngineOptions.LockTimeout"/>. The next process then resumes after that expiry instead of at once.
/// </remarks>
internal sealed partial class BoundedStopOrchestrationService(IOrchestrationService inner, TimeSpan timeout, ILogger<BoundedStopOrchestrationService> logger)
    : DelegatingOrchestrationService(inner)
{
    private readonly Lock _lock = new();
    private Task? _stopping;

    public override Task StartAsync()
    {
        lock (_lock)
        {
            _stopping = null;
        }

        return base.StartAsync();
    }

    public override Task StopAsync() => StopAsync(isForced: false);

    public override Task StopAsync(bool isForced)
    {
        lock (_lock)
        {
            return _stopping ??= StopWithinTimeoutAsync(isForced);
        }
    }

    private async Task StopWithinTimeoutAsync(bool isForced)
    {
        try
        {
            // On the thread pool: a provider blocking before its first await is bounded too.
            await Task.Run(() => StopLoggingFailureAsync(isForced)).WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogStopAbandoned(logger, timeout.TotalSeconds);
        }
    }

    private async Task StopLoggingFailureAsync(bool isForced)
    {
        try
        {
            await Inner.StopAsync(isForced).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogStopFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Durable Task backend did not stop within {TimeoutSeconds:F1} s; shutting down without waiting (its leases and locks expire by themselves).")]
    private static partial void LogStopAbandoned(ILogger logger, double timeoutSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping the Durable Task backend failed; its leases and locks expire by themselves.")]
    private static partial void LogStopFailed(ILogger logger, Exception exception);
}
