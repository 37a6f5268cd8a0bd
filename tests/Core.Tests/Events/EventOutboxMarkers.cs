using System.Text.Json;
using Serverless.Core.Events;
using Serverless.Core.Storage;

namespace Serverless.Core.Tests.Events;

/// <summary>Writes the pending marker earlier versions wrote before storing an event (shared with Functions.Tests by link).</summary>
internal static class EventOutboxMarkers
{
    public static Task WriteAsync(IDocumentStore store, PlatformEvent platformEvent)
    {
        var message = new EventOutboxMessage(platformEvent.EnvironmentId, platformEvent.Id);
        return store.UpsertAsync(EventOutbox.Table, EventOutbox.MarkerPartition, EventOutbox.MarkerKey(message),
            JsonSerializer.Serialize(new PendingEvent(message, platformEvent.CreatedAt), PlatformJson.Options));
    }
}
