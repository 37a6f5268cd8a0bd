using System.Text.Json;
using Serverless.Core.Events;
using Serverless.Core.Platform;
using Serverless.Core.Storage;

namespace Serverless.Core.Webhooks.Outbound;

/// <summary>
/// Turns events into deliveries: the webhook <see cref="IEventSubscriber"/> of the fan-out (one
/// delivery per active, subscribed webhook of the event's environment), test events and redeliveries.
/// The first delivery of an event to a webhook has the event's id, which makes the fan-out idempotent.
/// </summary>
public sealed class WebhookDispatcher(WebhookRepository webhooks, WebhookDeliveryStore deliveries, StoredEventLog log, IWorkQueue queue, TimeProvider time) : IEventSubscriber
{
    /// <summary>The work queue of delivery attempts.</summary>
    public const string DeliveryQueue = "webhook-delivery";

    /// <summary>Starts a delivery of <paramref name="platformEvent"/> to every active webhook of its environment that subscribes to its type.</summary>
    public async Task OnEventAsync(PlatformEvent platformEvent, CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var page = await webhooks.ListAsync(platformEvent.EnvironmentId, 100, cursor, cancellationToken);
            foreach (var webhook in page.Items.Where(webhook => Subscribes(webhook, platformEvent.EventType)))
            {
                await StartAsync(webhook, platformEvent, platformEvent.Id, null, cancellationToken);
            }
            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>Sends a new event <c>test</c> to one webhook, whether or not it subscribes to <c>test</c>.</summary>
    public async Task<WebhookDelivery> SendTestAsync(WebhookRecord webhook, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var testEvent = new PlatformEvent(SequentialUuid.Next(now), webhook.EnvironmentId, "test",
            new() { ["webhook_id"] = webhook.Id.ToString("D"), ["message"] = "This is a test event." }, now);
        // Stored in the log (so the delivery can load it) but not fanned out: only this webhook gets it.
        await log.PublishAsync(testEvent, cancellationToken);
        return await StartAsync(webhook, testEvent, testEvent.Id, null, cancellationToken);
    }

    /// <summary>Sends a delivery's event again as a new delivery, with a fresh set of attempts.</summary>
    public Task<WebhookDelivery> RedeliverAsync(WebhookRecord webhook, WebhookDelivery original, CancellationToken cancellationToken)
    {
        var stub = new PlatformEvent(original.EventId, original.EnvironmentId, original.EventType, [], original.CreatedAt);
        return StartAsync(webhook, stub, SequentialUuid.Next(time.GetUtcNow()), original.Id, cancellationToken);
    }

    /// <summary>Whether <paramref name="webhook"/> is active and takes <paramref name="eventType"/> (no event types listed: every type).</summary>
    public static bool Subscribes(WebhookRecord webhook, string eventType) =>
        webhook.IsActive && (webhook.EventTypes.Count == 0 || webhook.EventTypes.Contains(eventType, StringComparer.Ordinal));

    /// <summary>Queues a delivery attempt, after <paramref name="delay"/> when given.</summary>
    public Task EnqueueAttemptAsync(WebhookDeliveryMessage message, TimeSpan? delay, CancellationToken cancellationToken) =>
        queue.EnqueueAsync(DeliveryQueue, JsonSerializer.Serialize(message, PlatformJson.Options), delay, cancellationToken);

    /// <summary>Reads a delivery queue message.</summary>
    public static WebhookDeliveryMessage ParseMessage(string text) =>
        JsonSerializer.Deserialize<WebhookDeliveryMessage>(text, PlatformJson.Options)
        ?? throw new JsonException("The delivery message is null.");

    private async Task<WebhookDelivery> StartAsync(WebhookRecord webhook, PlatformEvent platformEvent, Guid deliveryId, Guid? redeliveryOf, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var delivery = new WebhookDelivery(deliveryId, webhook.Id, webhook.EnvironmentId, platformEvent.Id, platformEvent.EventType,
            WebhookDelivery.Pending, [], redeliveryOf, now, now);
        if (!await deliveries.TryInsertAsync(delivery, cancellationToken))
        {
            var existing = (await deliveries.GetAsync(webhook.Id, deliveryId, cancellationToken))?.Value;
            // A repeated fan-out: only a delivery that never got its first attempt may have lost its message.
            if (existing is null || existing.Status != WebhookDelivery.Pending || existing.Attempts.Count > 0)
            {
                return existing ?? delivery;
            }
            delivery = existing;
        }
        await EnqueueAttemptAsync(new WebhookDeliveryMessage(webhook.EnvironmentId, webhook.Id, deliveryId, 1), null, cancellationToken);
        return delivery;
    }
}
