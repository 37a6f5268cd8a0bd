namespace Serverless.Core.Webhooks.Outbound;

/// <summary>One event sent to one webhook, with every attempt made so far.</summary>
/// <param name="Status"><c>pending</c> (an attempt is queued), <c>succeeded</c> or <c>failed</c> (attempts exhausted or webhook inactive/deleted).</param>
/// <param name="RedeliveryOf">The failed delivery this one re-sends, if any.</param>
public sealed record WebhookDelivery(
    Guid Id, Guid WebhookId, Guid EnvironmentId, Guid EventId, string EventType, string Status,
    IReadOnlyList<WebhookDeliveryAttempt> Attempts, Guid? RedeliveryOf, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>An attempt is queued.</summary>
    public const string Pending = "pending";

    /// <summary>The receiver took the event.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>Attempts are exhausted, or the webhook is inactive or deleted.</summary>
    public const string Failed = "failed";
}

/// <summary>One POST: the receiver's status code, or the error when none came back (no response bodies are kept).</summary>
public sealed record WebhookDeliveryAttempt(int Attempt, DateTimeOffset StartedAt, long DurationMs, int? StatusCode, string? Error);

/// <summary>The delivery queue's message: attempt <see cref="Attempt"/> of one delivery.</summary>
public sealed record WebhookDeliveryMessage(Guid EnvironmentId, Guid WebhookId, Guid DeliveryId, int Attempt);
