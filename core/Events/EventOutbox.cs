using System.Text.Json;
using Serverless.Core.Storage;

namespace Serverless.Core.Events;

/// <summary>
/// The <see cref="IEventPublisher"/> of the platform: writes a pending marker, stores the event in the
/// <see cref="StoredEventLog"/>, then enqueues it for fan-out. The marker (table <c>eventoutbox</c>,
/// one partition) is removed by the fan-out once every subscriber has its work; a crash between the
/// write and the enqueue leaves it behind for <see cref="EventOutboxSweeper"/> to re-enqueue.
/// </summary>
public sealed class EventOutbox(StoredEventLog log, IDocumentStore store, IWorkQueue queue) : IEventPublisher
{
    public const string Table = "eventoutbox";
    public const string FanOutQueue = "event-fanout";
    private const string Partition = "pending";

    public async Task PublishAsync(PlatformEvent platformEvent, CancellationToken cancellationToken = default)
    {
        var message = new EventOutboxMessage(platformEvent.EnvironmentId, platformEvent.Id);
        // The marker goes first: if the process dies after storing the event, the sweeper still sees it.
        await store.UpsertAsync(Table, Partition, MarkerKey(message), Serialize(new PendingEvent(message, platformEvent.CreatedAt)), cancellationToken);
        await log.PublishAsync(platformEvent, cancellationToken);
        await EnqueueAsync(message, cancellationToken);
    }

    public Task EnqueueAsync(EventOutboxMessage message, CancellationToken cancellationToken) =>
        queue.EnqueueAsync(FanOutQueue, Serialize(message), null, cancellationToken);

    /// <summary>Called by the fan-out once the event is dispatched.</summary>
    public Task MarkDispatchedAsync(EventOutboxMessage message, CancellationToken cancellationToken) =>
        store.DeleteAsync(Table, Partition, MarkerKey(message), null, cancellationToken);

    /// <summary>Events published but not yet dispatched (oldest keys first, at most <paramref name="limit"/>).</summary>
    public async Task<IReadOnlyList<PendingEvent>> ListPendingAsync(int limit, CancellationToken cancellationToken)
    {
        var pending = new List<PendingEvent>();
        string? token = null;
        do
        {
            var page = await store.QueryAsync(Table, Partition, Math.Min(1000, limit - pending.Count), token, cancellationToken);
            pending.AddRange(page.Documents.Select(document => JsonSerializer.Deserialize<PendingEvent>(document.Json, PlatformJson.Options)!));
            token = page.ContinuationToken;
        }
        while (token is not null && pending.Count < limit);
        return pending;
    }

    public static EventOutboxMessage ParseMessage(string text) =>
        JsonSerializer.Deserialize<EventOutboxMessage>(text, PlatformJson.Options)
        ?? throw new JsonException("The fan-out message is null.");

    private static string MarkerKey(EventOutboxMessage message) => $"{message.EnvironmentId:D}_{message.EventId:D}";

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, PlatformJson.Options);
}

/// <summary>An outbox marker: an event not yet handed to its subscribers.</summary>
public sealed record PendingEvent(EventOutboxMessage Message, DateTimeOffset PublishedAt);
