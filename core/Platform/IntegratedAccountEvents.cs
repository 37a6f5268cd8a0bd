using System.Text.Json.Nodes;
using Serverless.Core.Events;

namespace Serverless.Core.Platform;

/// <summary>
/// The one shape of every <c>integrated_account:*</c> event, whoever raises it (API, lifecycle, proxy,
/// connect flow): identifiers, names and status only, never the context, which may hold credentials.
/// </summary>
public static class IntegratedAccountEvents
{
    /// <param name="detailKey">An optional extra field (e.g. <c>error</c>, <c>reason</c>) explaining the change.</param>
    public static Task PublishAccountEventAsync(
        this IEventPublisher events, string eventType, IntegratedAccountRecord account, TimeProvider time, CancellationToken cancellationToken,
        string? detailKey = null, string? detail = null)
    {
        var now = time.GetUtcNow();
        var payload = new JsonObject
        {
            ["integrated_account_id"] = account.Id.ToString("D"),
            ["environment_integration_id"] = account.EnvironmentIntegrationId.ToString("D"),
            ["integration_name"] = account.IntegrationName,
            // Workflow run_if expressions (Truto's examples) read integration.name.
            ["integration"] = new JsonObject { ["name"] = account.IntegrationName },
            ["tenant_id"] = account.TenantId,
            ["status"] = account.Status,
            ["authentication_method"] = account.AuthenticationMethod,
        };
        if (detailKey is not null && detail is not null)
        {
            payload[detailKey] = detail;
        }

        return events.PublishAsync(new PlatformEvent(SequentialUuid.Next(now), account.EnvironmentId, eventType, payload, now), cancellationToken);
    }
}
