using System.Text.Json;
using Serverless.Core.Platform;
using Serverless.Core.Storage;

namespace Serverless.Core.Webhooks.Outbound;

/// <summary>
/// Delivery records: table <c>webhookdeliveries</c>, partition = webhook id, row key = delivery id
/// (UUIDv7 or the event's id, both time-ordered), so a webhook's deliveries list oldest first.
/// Also keeps each failing webhook's "failing since" time (table <c>webhookhealth</c>).
/// </summary>
public sealed class WebhookDeliveryStore(IDocumentStore store)
{
    /// <summary>The table of delivery records.</summary>
    public const string Table = "webhookdeliveries";

    /// <summary>The table of failing webhooks' "failing since" times.</summary>
    public const string HealthTable = "webhookhealth";

    /// <returns><c>false</c> when a delivery with this id exists already.</returns>
    public async Task<bool> TryInsertAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            await store.InsertAsync(Table, Key(delivery.WebhookId), Key(delivery.Id), Serialize(delivery), cancellationToken);
            return true;
        }
        catch (DocumentConflictException)
        {
            return false;
        }
    }

    /// <summary>The delivery with its ETag, or null when the webhook has none with that id.</summary>
    public async Task<Stored<WebhookDelivery>?> GetAsync(Guid webhookId, Guid deliveryId, CancellationToken cancellationToken)
    {
        var document = await store.GetAsync(Table, Key(webhookId), Key(deliveryId), cancellationToken);
        return document is null ? null : new(Deserialize<WebhookDelivery>(document.Json), document.ETag);
    }

    /// <exception cref="DocumentConflictException">Someone else updated the delivery meanwhile.</exception>
    public Task ReplaceAsync(Stored<WebhookDelivery> current, WebhookDelivery changed, CancellationToken cancellationToken) =>
        store.ReplaceAsync(Table, Key(changed.WebhookId), Key(changed.Id), Serialize(changed), current.ETag, cancellationToken);

    /// <summary>A page of the webhook's deliveries, oldest first.</summary>
    public async Task<RecordPage<WebhookDelivery>> ListAsync(Guid webhookId, int limit, string? cursor, CancellationToken cancellationToken)
    {
        var page = await store.QueryAsync(Table, Key(webhookId), limit, ListCursor.Decode(cursor), cancellationToken);
        return new([.. page.Documents.Select(document => Deserialize<WebhookDelivery>(document.Json))],
            page.ContinuationToken is null ? null : ListCursor.Encode(page.ContinuationToken));
    }

    /// <summary>Notes a failed attempt; returns since when the webhook has been failing without a success.</summary>
    public async Task<DateTimeOffset> RecordFailureAsync(Guid webhookId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var document = await store.GetAsync(HealthTable, Key(webhookId), "health", cancellationToken);
        if (document is not null)
        {
            return Deserialize<WebhookHealth>(document.Json).FailingSince;
        }
        try
        {
            await store.InsertAsync(HealthTable, Key(webhookId), "health", Serialize(new WebhookHealth(now)), cancellationToken);
            return now;
        }
        catch (DocumentConflictException)
        {
            // A concurrent failure wrote it first; its time is the earlier one.
            var existing = await store.GetAsync(HealthTable, Key(webhookId), "health", cancellationToken);
            return existing is null ? now : Deserialize<WebhookHealth>(existing.Json).FailingSince;
        }
    }

    /// <summary>Ends a webhook's failing period; a read only (no write) when it was not failing, the usual case.</summary>
    public async Task RecordSuccessAsync(Guid webhookId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(HealthTable, Key(webhookId), "health", cancellationToken) is not null)
        {
            await store.DeleteAsync(HealthTable, Key(webhookId), "health", null, cancellationToken);
        }
    }

    private static string Key(Guid id) => id.ToString("D");

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, PlatformJson.Options);

    private static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, PlatformJson.Options)!;

    private sealed record WebhookHealth(DateTimeOffset FailingSince);
}
