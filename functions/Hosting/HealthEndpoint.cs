using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Serverless.Functions.Hosting;

/// <summary>
/// <c>GET /health</c>: <c>{"status":"ok"}</c> (SPEC) while no registered health check is unhealthy; otherwise 503 with
/// <c>{"status":"unhealthy","checks":{name: description}}</c> for the unhealthy ones (the standalone Durable Task engine
/// registers one: <c>durable</c>, docs/durable.md).
/// </summary>
internal static class HealthEndpoint
{
    public static async Task<IResult> GetAsync(HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
        if (report.Status != HealthStatus.Unhealthy)
        {
            return Results.Json(new { status = "ok" });
        }

        var checks = report.Entries
            .Where(entry => entry.Value.Status == HealthStatus.Unhealthy)
            .ToDictionary(entry => entry.Key, entry => entry.Value.Description);
        return Results.Json(new { status = "unhealthy", checks }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
