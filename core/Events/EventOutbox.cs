using System.Text.Json;
using Serverless.Core.Storage;

namespace Serverless.Core.Events;

/// <summary>
/// The <see cref="IEventPublisher"/> of the platform: enqueues the event for fan-out (the message carries the whole
/// event), then stores it in the <see cref="StoredEventLog"/>. Once the enqueue returned the event cannot be lost: a
/// crash before the log write is repaired by the fan-out, which stores the event it carries if the log lacks it.
/// Two writes per event, where a marker, the event and a message took three.
/// </summary>
/// <remarks>
/// Earlier versions wrote a pending marker first (table <c>eventoutbox</c>, one partition) and enqueued only the
/// event's id; <see cref="EventOutboxSweeper"/> still re-enqueues such markers, and the fan-out removes them.
/// </remarks>
public sealed class EventOutbox(StoredEventLog log, IDocumentStore store, IWorkQueue queue) : IEventPublisher
{
    /// <summary>The table of pending markers written by earlier versions.</summary>
    public const string Table = "eventoutbox";

    /// <summary>The work queue the fan-out reads.</summary>
    public const string FanOutQueue = "event-fanout";

    /// <summary>The partition of <see cref="Table"/> holding the markers.</summary>
    public const string MarkerPartition = "pending";

    /// <inheritdoc/>
    public async Task PublishAsync(PlatformEvent platformEvent, CancellationToken cancellationToken = default)
    {
        // The message first: an event in the log is always one that will be fanned out.
        await EnqueueAsync(new EventOutboxMessage(platformEvent.EnvironmentId, platformEvent.Id, platformEvent), cancellationToken);
        await log.PublishAsync(platformEvent, cancellationToken);
    }

    /// <summary>Queues an event for fan-out.</summary>
    public Task EnqueueAsync(EventOutboxMessage message, CancellationToken cancellationToken) =>
        queue.EnqueueAsync(FanOutQueue, Serialize(message), null, cancellationToken);

    /// <summary>Called by the fan-out once an event named by a marker is dispatched.</summary>
    public Task MarkDispatchedAsync(EventOutboxMessage message, CancellationToken cancellationToken) =>
        store.DeleteAsync(Table, MarkerPartition, MarkerKey(message), null, cancellationToken);

    /// <summary>Markers of events published by earlier versions but not yet dispatched (oldest keys first, at most <paramref name="limit"/>).</summary>
    public async Task<IReadOnlyList<PendingEvent>> ListPendingAsync(int limit, CancellationToken cancellationToken)
    {
        var pending = new List<PendingEvent>();
        string? token = null;
        do
        {
            var page = await store.QueryAsync(Table, MarkerPartition, Math.Min(1000, limit - pending.Count), token, cancellationToken);
            pending.AddRange(page.Documents.Select(document => JsonSerializer.Deserialize<PendingEvent>(document.Json, PlatformJson.Options)!));
            token = page.ContinuationToken;
        }
        while (token is not null && pending.Count < limit);
        return pending;
    }

    /// <summary>Reads a fan-out queue message.</summary>
    public static EventOutboxMessage ParseMessage(string text) =>
        JsonSerializer.Deserialize<EventOutboxMessage>(text, PlatformJson.Options)
        ?? throw new JsonException("The fan-out message is null.");

    /// <summary>The row key of an event's marker in the <c>pending</c> partition.</summary>
    public static string MarkerKey(EventOutboxMessage message) => $"{message.EnvironmentId:D}_{message.EventId:D}";

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, PlatformJson.Options);
}

/// <summary>An outbox marker: an event not yet handed to its subscribers.</summary>
public sealed record PendingEvent(EventOutboxMessage Message, DateTimeOffset PublishedAt);
