using System.Text.Json;
using Serverless.Core.Storage;

namespace Serverless.Core.Platform;

/// <summary>
/// Finds the environment of an environment-level object from its id alone (inbound webhooks, queue
/// work). Written before the document and deleted after it, so a crash leaves at most an entry
/// pointing to nothing, which reads as "not found".
/// </summary>
public sealed class ObjectLocator(IDocumentStore store)
{
    /// <summary>The table of entries: partition = object kind, row key = object id.</summary>
    public const string Table = "objectindex";

    /// <summary>Records that object <paramref name="id"/> of <paramref name="kind"/> lives in <paramref name="environmentId"/>.</summary>
    public async Task AddAsync(string kind, Guid id, Guid environmentId, CancellationToken cancellationToken) =>
        await store.UpsertAsync(Table, kind, id.ToString("D"), JsonSerializer.Serialize(new Entry(environmentId), PlatformJson.Options), cancellationToken);

    /// <summary>The environment of object <paramref name="id"/> of <paramref name="kind"/>, or null when unknown.</summary>
    public async Task<Guid?> FindEnvironmentAsync(string kind, Guid id, CancellationToken cancellationToken)
    {
        var document = await store.GetAsync(Table, kind, id.ToString("D"), cancellationToken);
        return document is null ? null : JsonSerializer.Deserialize<Entry>(document.Json, PlatformJson.Options)!.EnvironmentId;
    }

    /// <summary>Forgets the object's entry; nothing when there is none.</summary>
    public async Task RemoveAsync(string kind, Guid id, CancellationToken cancellationToken) =>
        await store.DeleteAsync(Table, kind, id.ToString("D"), cancellationToken: cancellationToken);

    private sealed record Entry(Guid EnvironmentId);
}
