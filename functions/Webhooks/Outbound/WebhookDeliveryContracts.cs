using Serverless.Core.Webhooks.Outbound;

namespace Serverless.Functions.Webhooks.Outbound;

/// <summary><c>POST /webhook/test</c>: the webhook to send event <c>test</c> to.</summary>
internal sealed record TestWebhookRequest(Guid? Id);

/// <summary>One delivery of an event to a webhook, with its attempts (status code or error, duration).</summary>
internal sealed record WebhookDeliveryResponse(
    Guid Id, Guid WebhookId, Guid EnvironmentId, Guid EventId, string EventType, string Status,
    IReadOnlyList<WebhookDeliveryAttemptResponse> Attempts, Guid? RedeliveryOf, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static WebhookDeliveryResponse From(WebhookDelivery delivery) => new(
        delivery.Id, delivery.WebhookId, delivery.EnvironmentId, delivery.EventId, delivery.EventType, delivery.Status,
        [.. delivery.Attempts.Select(a => new WebhookDeliveryAttemptResponse(a.Attempt, a.StartedAt, a.DurationMs, a.StatusCode, a.Error))],
        delivery.RedeliveryOf, delivery.CreatedAt, delivery.UpdatedAt);
}

internal sealed record WebhookDeliveryAttemptResponse(int Attempt, DateTimeOffset StartedAt, long DurationMs, int? StatusCode, string? Error);
