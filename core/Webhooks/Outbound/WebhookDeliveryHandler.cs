using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Serverless.Core.Events;
using Serverless.Core.Platform;
using Serverless.Core.Storage;
using Serverless.Core.Triggers;

namespace Serverless.Core.Webhooks.Outbound;

/// <summary>
/// Queue function <c>WebhookDelivery</c>: makes one attempt of one delivery, records it, and on a
/// network error, timeout or non-2xx answer queues the next attempt with exponential backoff and
/// jitter (a delayed message, so no worker waits). A webhook failing continuously for
/// <see cref="WebhookDeliveryOptions.DeactivateAfter"/> is deactivated.
/// </summary>
public sealed partial class WebhookDeliveryHandler(
    WebhookRepository webhooks, WebhookDeliveryStore deliveries, WebhookDispatcher dispatcher, StoredEventLog log,
    WebhookSender sender, WebhookDeliveryOptions options, WorkQueueOptions queueOptions, TimeProvider time, ILogger<WebhookDeliveryHandler> logger)
    : IQueueTriggerHandler
{
    /// <summary>The function's name, a constant for the Function App's <c>[Function]</c> attribute.</summary>
    public const string Name = "WebhookDelivery";

    /// <inheritdoc/>
    public string FunctionName => Name;

    /// <inheritdoc/>
    public string QueueName => WebhookDispatcher.DeliveryQueue;

    /// <inheritdoc/>
    public async Task HandleAsync(QueueTriggerContext context, CancellationToken cancellationToken)
    {
        var message = WebhookDispatcher.ParseMessage(context.MessageText);
        try
        {
            await AttemptAsync(message, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && context.DequeueCount >= queueOptions.MaxDequeueCount)
        {
            // The queue poisons this message after this try: record the delivery as failed first, so it is
            // visible and re-deliverable through the API instead of pending forever.
            await MarkFailedAsync(message, exception, cancellationToken);
            throw;
        }
    }

    private async Task AttemptAsync(WebhookDeliveryMessage message, CancellationToken cancellationToken)
    {
        var current = await deliveries.GetAsync(message.WebhookId, message.DeliveryId, cancellationToken);
        // Finished, or this attempt was already made (a redelivered queue message): nothing to do.
        if (current is null || current.Value.Status != WebhookDelivery.Pending || current.Value.Attempts.Count >= message.Attempt)
        {
            return;
        }

        var webhook = (await webhooks.GetAsync(message.EnvironmentId, message.WebhookId, cancellationToken))?.Value;
        var platformEvent = await log.GetAsync(message.EnvironmentId, current.Value.EventId, cancellationToken);
        if (webhook is null || !webhook.IsActive || platformEvent is null)
        {
            var reason = webhook is null ? "webhook deleted" : !webhook.IsActive ? "webhook inactive" : "event not found";
            await SaveAsync(current, current.Value with { Status = WebhookDelivery.Failed, UpdatedAt = time.GetUtcNow() }, cancellationToken);
            LogAbandoned(logger, message.DeliveryId, reason);
            return;
        }

        var secret = await webhooks.GetSecretAsync(webhook.Id, cancellationToken)
            ?? throw new InvalidOperationException($"The signing secret of webhook {webhook.Id} is missing.");
        var attempt = await sender.SendAsync(webhook.TargetUrl, secret, platformEvent.Id.ToString("D"), Body(platformEvent, webhook.Id), message.Attempt, cancellationToken);
        var succeeded = attempt.StatusCode is >= 200 and < 300;
        if (!succeeded)
        {
            LogAttemptFailed(logger, message.DeliveryId, webhook.Id, message.Attempt, attempt.StatusCode, attempt.Error);
        }
        // A deactivated webhook gets no further attempts, so its delivery ends as failed rather than pending forever.
        var deactivated = !succeeded && await DeactivateIfFailingTooLongAsync(webhook, cancellationToken);
        var finished = succeeded || deactivated || message.Attempt >= options.MaxAttempts;
        var status = succeeded ? WebhookDelivery.Succeeded : finished ? WebhookDelivery.Failed : WebhookDelivery.Pending;
        await SaveAsync(current, current.Value with { Status = status, Attempts = [.. current.Value.Attempts, attempt], UpdatedAt = time.GetUtcNow() }, cancellationToken);

        if (succeeded)
        {
            await deliveries.RecordSuccessAsync(webhook.Id, cancellationToken);
        }
        if (finished)
        {
            return;
        }
        var delay = options.RetryDelay(message.Attempt + 1, Random.Shared.NextDouble());
        await dispatcher.EnqueueAttemptAsync(message with { Attempt = message.Attempt + 1 }, delay, cancellationToken);
    }

    /// <summary>The body of a delivery (SPEC §6). <c>id</c> is the event's id, the same on every attempt and redelivery.</summary>
    public static byte[] Body(PlatformEvent platformEvent, Guid webhookId)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteBody(writer, platformEvent.Id, platformEvent.EventType, platformEvent.EnvironmentId, webhookId, platformEvent.CreatedAt, payload => platformEvent.Payload.WriteTo(payload));
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes a delivery body whose payload is written by <paramref name="writePayload"/> (large payloads are never copied first).</summary>
    public static void WriteBody(Utf8JsonWriter writer, Guid eventId, string eventType, Guid environmentId, Guid webhookId, DateTimeOffset createdAt, Action<Utf8JsonWriter> writePayload)
    {
        writer.WriteStartObject();
        writer.WriteString("id", eventId.ToString("D"));
        writer.WriteString("event", eventType);
        writer.WriteString("event_type", eventType);
        writer.WritePropertyName("payload");
        writePayload(writer);
        writer.WriteString("environment_id", environmentId.ToString("D"));
        writer.WriteString("webhook_id", webhookId.ToString("D"));
        writer.WriteString("created_at", createdAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteEndObject();
    }

    private async Task<bool> DeactivateIfFailingTooLongAsync(WebhookRecord webhook, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var failingSince = await deliveries.RecordFailureAsync(webhook.Id, now, cancellationToken);
        if (now - failingSince < options.DeactivateAfter)
        {
            return false;
        }
        var stored = await webhooks.GetAsync(webhook.EnvironmentId, webhook.Id, cancellationToken);
        if (stored is { Value.IsActive: true })
        {
            try
            {
                await webhooks.ReplaceAsync(stored, stored.Value with { IsActive = false }, cancellationToken);
                LogDeactivated(logger, webhook.Id, failingSince);
            }
            catch (StaleVersionException)
            {
                // Changed or deleted meanwhile (by a user or another attempt); the next failure decides again.
            }
        }
        return true;
    }

    private async Task MarkFailedAsync(WebhookDeliveryMessage message, Exception exception, CancellationToken cancellationToken)
    {
        try
        {
            var current = await deliveries.GetAsync(message.WebhookId, message.DeliveryId, cancellationToken);
            if (current is null || current.Value.Status != WebhookDelivery.Pending)
            {
                return;
            }
            var now = time.GetUtcNow();
            var attempt = new WebhookDeliveryAttempt(message.Attempt, now, 0, null, $"internal error ({exception.GetType().Name}); the message was given up after {queueOptions.MaxDequeueCount} tries");
            await SaveAsync(current, current.Value with { Status = WebhookDelivery.Failed, Attempts = [.. current.Value.Attempts, attempt], UpdatedAt = now }, cancellationToken);
        }
        catch (Exception recordFailure) when (recordFailure is not OperationCanceledException)
        {
            // Storage itself is failing; the poisoned message still holds the delivery for an operator.
            LogCouldNotRecordFailure(logger, message.DeliveryId, recordFailure);
        }
    }

    private Task SaveAsync(Stored<WebhookDelivery> current, WebhookDelivery changed, CancellationToken cancellationToken) =>
        deliveries.ReplaceAsync(current, changed, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} to webhook {WebhookId} failed on attempt {Attempt}: status {StatusCode}, error {Error}.")]
    private static partial void LogAttemptFailed(ILogger logger, Guid deliveryId, Guid webhookId, int attempt, int? statusCode, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {DeliveryId} could not be recorded as failed before its message was poisoned.")]
    private static partial void LogCouldNotRecordFailure(ILogger logger, Guid deliveryId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} abandoned: {Reason}.")]
    private static partial void LogAbandoned(ILogger logger, Guid deliveryId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId} deactivated: every delivery has failed since {FailingSince}.")]
    private static partial void LogDeactivated(ILogger logger, Guid webhookId, DateTimeOffset failingSince);
}
