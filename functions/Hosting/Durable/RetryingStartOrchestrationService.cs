using DurableTask.Core;

namespace Serverless.Functions.Hosting.Durable;

/// <summary>
/// The backend as the sidecar sees it, with a start that cannot end the process. The sidecar starts the service from
/// an <c>async void</c> handler of its host's ApplicationStarted (<c>TaskHubGrpcServer.OnApplicationStarted</c>, once the
/// worker connects), where an exception would end the process. A failed start is logged as an Error naming the backend,
/// reported by <see cref="DurableEngineHealth"/> (so <c>/health</c> answers 503) and tried again after a delay that doubles
/// from <see cref="DurableTaskEngineOptions.BackendStartRetryDelay"/> up to
/// <see cref="DurableTaskEngineOptions.BackendStartMaxRetryDelay"/>, for as long as the server runs: the sidecar starts
/// its dispatchers only once the backend has started.
/// </summary>
internal sealed partial class RetryingStartOrchestrationService(
    IOrchestrationService inner,
    DurableEngineHealth health,
    DurableTaskEngineOptions options,
    ILogger<RetryingStartOrchestrationService> logger)
    : DelegatingOrchestrationService(inner)
{
    private readonly string _backendName = inner.GetType().Name;
    private readonly CancellationTokenSource _stopping = new();

    public override async Task StartAsync()
    {
        var delay = options.BackendStartRetryDelay;
        for (var attempt = 1; !_stopping.IsCancellationRequested; attempt++)
        {
            try
            {
                await Inner.StartAsync().ConfigureAwait(false);
                health.BackendStarted();
                if (attempt > 1)
                {
                    LogStartedAfterRetries(logger, _backendName, attempt);
                }

                return;
            }
            catch (Exception exception)
            {
                // Logged before /health reports it, so whoever sees the 503 finds the error in the log.
                LogStartFailed(logger, exception, _backendName, attempt, delay.TotalSeconds);
                health.BackendStartFailed(_backendName, attempt);
            }

            try
            {
                await Task.Delay(delay, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.BackendStartMaxRetryDelay.Ticks));
        }

        // The server stopped before the backend started. Neither returning (the sidecar would then start its dispatchers
        // on a stopped backend) nor throwing (from its async void handler, that ends the process) is safe: this start
        // never completes, and nothing else holds it.
        await new TaskCompletionSource().Task.ConfigureAwait(false);
    }

    public override Task StopAsync() => StopAsync(isForced: false);

    public override Task StopAsync(bool isForced)
    {
        _stopping.Cancel();
        return base.StopAsync(isForced);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The Durable Task backend {Backend} failed to start (attempt {Attempt}); orchestrations and activities do not run until it does. Retrying in {RetrySeconds:F1} s.")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, string backend, int attempt, double retrySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Durable Task backend {Backend} started at attempt {Attempt}.")]
    private static partial void LogStartedAfterRetries(ILogger logger, string backend, int attempt);
}
