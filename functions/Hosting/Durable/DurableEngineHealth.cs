using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Serverless.Functions.Hosting.Durable;

/// <summary>
/// The standalone Durable Task engine's part of <c>/health</c>: unhealthy while its backend has failed to start and is
/// being retried (<see cref="RetryingStartOrchestrationService"/>), healthy otherwise. The description names the backend
/// and the attempt, never the exception: <c>/health</c> needs no token, the exception is in the server's log.
/// </summary>
internal sealed class DurableEngineHealth : IHealthCheck
{
    /// <summary>The name of the check in <c>/health</c>'s answer.</summary>
    public const string Name = "durable";

    private volatile string? _startFailure;

    public void BackendStartFailed(string backend, int attempt) =>
        _startFailure = $"The Durable Task backend {backend} failed to start (attempt {attempt}); retrying. The server log has the error.";

    public void BackendStarted() => _startFailure = null;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_startFailure is { } failure ? HealthCheckResult.Unhealthy(failure) : HealthCheckResult.Healthy());
}
