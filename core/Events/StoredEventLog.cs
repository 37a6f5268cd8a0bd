using System.Text.Json;
using Serverless.Core.Storage;

namespace Serverless.Core.Events;

/// <summary>
/// The durable event log (the outbox delivery builds on): table <c>events</c>, partition = environment
/// id, row key = event id. Event ids are UUIDv7, so a partition lists in publication order.
/// </summary>
public sealed class StoredEventLog(IDocumentStore store) : IEventPublisher
{
    /// <summary>The table of events.</summary>
    public const string Table = "events";

    /// <inheritdoc/>
    public async Task PublishAsync(PlatformEvent platformEvent, CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.Serialize(platformEvent, PlatformJson.Options);
        try
        {
            await store.InsertAsync(Table, Partition(platformEvent.EnvironmentId), platformEvent.Id.ToString("D"), json, cancellationToken);
        }
        catch (DocumentConflictException)
        {
            // A retried publish of the same event: it is stored already.
        }
    }

    /// <summary>Stores <paramref name="platformEvent"/> unless the log has it already (a read, usually); returns it.</summary>
    public async Task<PlatformEvent> EnsureStoredAsync(PlatformEvent platformEvent, CancellationToken cancellationToken = default)
    {
        if (await store.GetAsync(Table, Partition(platformEvent.EnvironmentId), platformEvent.Id.ToString("D"), cancellationToken) is null)
        {
            await PublishAsync(platformEvent, cancellationToken);
        }

        return platformEvent;
    }

    /// <summary>The event, or null when the environment has none with that id.</summary>
    public async Task<PlatformEvent?> GetAsync(Guid environmentId, Guid eventId, CancellationToken cancellationToken = default)
    {
        var document = await store.GetAsync(Table, Partition(environmentId), eventId.ToString("D"), cancellationToken);
        return document is null ? null : Deserialize(document.Json);
    }

    /// <summary>Events of one environment, oldest first.</summary>
    public async Task<RecordPage<PlatformEvent>> ListAsync(Guid environmentId, int limit, string? cursor, CancellationToken cancellationToken = default)
    {
        var page = await store.QueryAsync(Table, Partition(environmentId), limit, ListCursor.Decode(cursor), cancellationToken);
        return new RecordPage<PlatformEvent>(
            page.Documents.Select(document => Deserialize(document.Json)).ToList(),
            page.ContinuationToken is null ? null : ListCursor.Encode(page.ContinuationToken));
    }

    private static string Partition(Guid environmentId) => environmentId.ToString("D");

    private static PlatformEvent Deserialize(string json) => JsonSerializer.Deserialize<PlatformEvent>(json, PlatformJson.Options)!;
}
