using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Serverless.Core.Storage;

namespace Serverless.Core.Platform;

/// <summary>
/// The one storage mechanism behind every platform repository: records of one kind in one table,
/// grouped by partition (the team, or an environment id). Within a partition, documents use the row
/// key <c>i:&lt;id&gt;</c> and uniqueness guards use <c>n:&lt;sha256 of the unique key&gt;</c>, so a
/// document and its guards are written in one atomic batch and a partition listing meets every
/// document before any guard.
/// </summary>
internal sealed class RecordTable<T>(IDocumentStore store, string table)
{
    private const string DocumentPrefix = "i:";
    private const string GuardPrefix = "n:";

    public string Table => table;

    public static string DocumentKey(Guid id) => DocumentPrefix + id.ToString("D");

    /// <summary>Guard row key for a unique value; hashed so that any name is a valid, bounded row key.</summary>
    public static string GuardKey(string uniqueValue) =>
        GuardPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(uniqueValue)));

    public async Task<Stored<T>?> GetAsync(string partition, Guid id, CancellationToken cancellationToken)
    {
        var document = await store.GetAsync(table, partition, DocumentKey(id), cancellationToken);
        return document is null ? null : new Stored<T>(Deserialize(document.Json), document.ETag);
    }

    /// <summary>
    /// The document as stored, provided it is still the version read with <paramref name="etag"/>;
    /// null when it is gone.
    /// </summary>
    /// <exception cref="StaleVersionException">It was changed since.</exception>
    public async Task<T?> GetIfCurrentAsync(string partition, Guid id, string etag, CancellationToken cancellationToken)
    {
        var stored = await GetAsync(partition, id, cancellationToken);
        if (stored is not null && stored.ETag != etag)
        {
            throw new StaleVersionException("the object was changed concurrently; read it again");
        }
        return stored is null ? default : stored.Value;
    }

    /// <summary>The id a guard points to, or null when the unique value is free.</summary>
    public async Task<Guid?> GetGuardedIdAsync(string partition, string uniqueValue, CancellationToken cancellationToken)
    {
        var guard = await store.GetAsync(table, partition, GuardKey(uniqueValue), cancellationToken);
        return guard is null ? null : JsonSerializer.Deserialize<GuardDocument>(guard.Json, PlatformJson.Options)!.Id;
    }

    /// <summary>
    /// Inserts a document together with its uniqueness guards, atomically; <paramref name="companions"/> are further
    /// writes of the same partition that belong to the document (index rows) and must not conflict.
    /// </summary>
    /// <exception cref="DuplicateNameException">A guard exists already.</exception>
    public async Task<string> InsertAsync(
        string partition, Guid id, T record, IReadOnlyList<string> uniqueValues, string what, CancellationToken cancellationToken,
        IEnumerable<DocumentOperation>? companions = null)
    {
        var operations = new List<DocumentOperation>(uniqueValues.Count + 1) { DocumentOperation.Insert(DocumentKey(id), Serialize(record)) };
        operations.AddRange(uniqueValues.Select(value => DocumentOperation.Insert(GuardKey(value), GuardJson(id))));
        operations.AddRange(companions ?? []);
        try
        {
            var etags = await store.ExecuteBatchAsync(table, partition, operations, cancellationToken);
            return etags[0]!;
        }
        catch (DocumentConflictException)
        {
            throw new DuplicateNameException($"{what} already exists");
        }
    }

    /// <summary>
    /// Replaces a document read with <paramref name="etag"/>, moving uniqueness guards from
    /// <paramref name="releasedValues"/> to <paramref name="claimedValues"/> in the same batch, with
    /// <paramref name="companions"/> as in <see cref="InsertAsync"/>.
    /// </summary>
    public async Task<string> ReplaceAsync(
        string partition, Guid id, T record, string etag,
        IReadOnlyList<string> claimedValues, IReadOnlyList<string> releasedValues, string what, CancellationToken cancellationToken,
        IEnumerable<DocumentOperation>? companions = null)
    {
        var operations = new List<DocumentOperation> { DocumentOperation.Replace(DocumentKey(id), Serialize(record), etag) };
        operations.AddRange(claimedValues.Select(value => DocumentOperation.Insert(GuardKey(value), GuardJson(id))));
        operations.AddRange(releasedValues.Select(value => DocumentOperation.Delete(GuardKey(value))));
        operations.AddRange(companions ?? []);
        try
        {
            var etags = await store.ExecuteBatchAsync(table, partition, operations, cancellationToken);
            return etags[0]!;
        }
        catch (DocumentConflictException)
        {
            // Tell a lost race on the document apart from a taken name.
            var current = await store.GetAsync(table, partition, DocumentKey(id), cancellationToken);
            if (current is null || current.ETag != etag)
            {
                throw new StaleVersionException($"{what} was changed concurrently; read it again");
            }

            throw new DuplicateNameException($"{what} already exists");
        }
        catch (DocumentNotFoundException)
        {
            if (await GuardsStillToReleaseAsync(partition, id, etag, releasedValues, cancellationToken) is { } present)
            {
                return await ReplaceAsync(partition, id, record, etag, claimedValues, present, what, cancellationToken, companions);
            }

            throw new StaleVersionException($"{what} was deleted concurrently");
        }
    }

    /// <summary>Deletes a document and its guards atomically; false when it was not there.</summary>
    public async Task<bool> DeleteAsync(string partition, Guid id, string etag, IReadOnlyList<string> releasedValues, CancellationToken cancellationToken)
    {
        var operations = new List<DocumentOperation> { DocumentOperation.Delete(DocumentKey(id), etag) };
        operations.AddRange(releasedValues.Select(value => DocumentOperation.Delete(GuardKey(value))));
        try
        {
            await store.ExecuteBatchAsync(table, partition, operations, cancellationToken);
            return true;
        }
        catch (DocumentNotFoundException)
        {
            if (await GuardsStillToReleaseAsync(partition, id, etag, releasedValues, cancellationToken) is { } present)
            {
                return await DeleteAsync(partition, id, etag, present, cancellationToken);
            }

            // Deleted since it was read (a concurrent or repeated delete): the caller answers "not found".
            return false;
        }
        catch (DocumentConflictException)
        {
            throw new StaleVersionException("the object was changed concurrently; read it again");
        }
    }

    /// <summary>
    /// After a batch releasing guards failed because a row was missing (a batch delete needs its row, as in Azure Table
    /// storage): when the document is still the version read with <paramref name="etag"/>, what was missing is a guard,
    /// and releasing a guard that is already gone is no error; the guards still there, to release in a new batch. Null
    /// when the document is gone or changed (the batch lost a race) or every guard is there (nothing to retry without).
    /// </summary>
    private async Task<IReadOnlyList<string>?> GuardsStillToReleaseAsync(
        string partition, Guid id, string etag, IReadOnlyList<string> releasedValues, CancellationToken cancellationToken)
    {
        if (releasedValues.Count == 0 || (await store.GetAsync(table, partition, DocumentKey(id), cancellationToken))?.ETag != etag)
        {
            return null;
        }

        var guards = await Task.WhenAll(releasedValues.Select(value => store.GetAsync(table, partition, GuardKey(value), cancellationToken)));
        var present = releasedValues.Where((_, index) => guards[index] is not null).ToList();
        return present.Count < releasedValues.Count ? present : null;
    }

    /// <summary>
    /// Lists a partition's documents in row-key order (ids are UUIDv7, so creation order). Each store
    /// page asks only for what is still missing, so the store's continuation token is an exact resume point.
    /// </summary>
    public async Task<RecordPage<T>> ListAsync(string partition, int limit, string? cursor, Func<T, bool>? filter, CancellationToken cancellationToken)
    {
        var continuation = ListCursor.Decode(cursor);
        var items = new List<T>(Math.Min(limit, 256));
        while (true)
        {
            DocumentPage page;
            try
            {
                page = await store.QueryAsync(table, partition, limit - items.Count, continuation, cancellationToken);
            }
            catch (Exception exception) when (continuation is not null && exception is not OperationCanceledException)
            {
                throw new InvalidCursorException("next_cursor is not a cursor this server issued");
            }

            foreach (var document in page.Documents)
            {
                if (!document.RowKey.StartsWith(DocumentPrefix, StringComparison.Ordinal))
                {
                    return new RecordPage<T>(items, null);
                }

                var record = Deserialize(document.Json);
                if (filter is null || filter(record))
                {
                    items.Add(record);
                }
            }

            if (page.ContinuationToken is null)
            {
                return new RecordPage<T>(items, null);
            }

            continuation = page.ContinuationToken;
            if (items.Count >= limit)
            {
                return new RecordPage<T>(items, ListCursor.Encode(continuation));
            }
        }
    }

    private static string Serialize(T record) => JsonSerializer.Serialize(record, PlatformJson.Options);

    private static T Deserialize(string json) => JsonSerializer.Deserialize<T>(json, PlatformJson.Options)!;

    private static string GuardJson(Guid id) => JsonSerializer.Serialize(new GuardDocument(id), PlatformJson.Options);

    private sealed record GuardDocument(Guid Id);
}
