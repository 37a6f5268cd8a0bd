namespace Serverless.Core.Storage;

/// <summary>
/// A table of JSON documents addressed by partition key and row key, with optimistic concurrency
/// through ETags. Mirrors the capabilities of Azure Table storage so that every backend can honour it.
/// </summary>
/// <remarks>
/// Table names are lowercase letters and digits, 3–63 characters, starting with a letter.
/// Keys may hold any character except <c>/ \ # ?</c> and control characters; they sort ordinally.
/// </remarks>
public interface IDocumentStore
{
    /// <summary>Reads one document, or <c>null</c> when it does not exist.</summary>
    Task<StoredDocument?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default);

    /// <summary>Inserts a document that must not exist yet.</summary>
    /// <returns>The new ETag.</returns>
    /// <exception cref="DocumentConflictException">A document with these keys exists.</exception>
    Task<string> InsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default);

    /// <summary>Replaces a document whose current ETag is <paramref name="etag"/>.</summary>
    /// <returns>The new ETag.</returns>
    /// <exception cref="DocumentConflictException">The ETag no longer matches.</exception>
    /// <exception cref="DocumentNotFoundException">The document does not exist.</exception>
    Task<string> ReplaceAsync(string table, string partitionKey, string rowKey, string json, string etag, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces a document unconditionally.</summary>
    /// <returns>The new ETag.</returns>
    Task<string> UpsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default);

    /// <summary>Deletes a document; with an <paramref name="etag"/> only if it still matches.</summary>
    /// <returns><c>false</c> when the document did not exist.</returns>
    /// <exception cref="DocumentConflictException">The ETag no longer matches.</exception>
    Task<bool> DeleteAsync(string table, string partitionKey, string rowKey, string? etag = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the documents of one partition in row-key order, at most <paramref name="maxCount"/> at a time.
    /// A non-null <see cref="DocumentPage.ContinuationToken"/> means there may be more.
    /// </summary>
    /// <remarks><paramref name="maxCount"/> is 1–1000 (Azure Table storage's page limit); a page may hold fewer.</remarks>
    Task<DocumentPage> QueryAsync(string table, string partitionKey, int maxCount, string? continuationToken = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the documents of one partition whose row key starts with <paramref name="rowKeyPrefix"/>, in row-key
    /// order, paged like <see cref="QueryAsync"/>: a range read, however many other documents the partition holds.
    /// </summary>
    /// <remarks>The prefix's last character must be ASCII (see <see cref="StorageNames.PrefixEnd"/>).</remarks>
    Task<DocumentPage> QueryPrefixAsync(string table, string partitionKey, string rowKeyPrefix, int maxCount, string? continuationToken = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies every operation atomically: all of them or none (single table, single partition, at most 100).
    /// </summary>
    /// <remarks>
    /// As in an Azure Table storage entity group transaction, a delete in a batch needs its document: deleting one that
    /// does not exist fails the batch with <see cref="DocumentNotFoundException"/> (where <see cref="DeleteAsync"/> answers
    /// <c>false</c>). A caller for which a missing row is normal leaves it out of the batch.
    /// </remarks>
    /// <returns>The new ETag of each operation in order (<c>null</c> for deletes).</returns>
    /// <exception cref="DocumentConflictException">An operation's condition failed; nothing was written.</exception>
    /// <exception cref="DocumentNotFoundException">A replace or delete targeted a document that does not exist; nothing was written.</exception>
    Task<IReadOnlyList<string?>> ExecuteBatchAsync(string table, string partitionKey, IReadOnlyList<DocumentOperation> operations, CancellationToken cancellationToken = default);
}

/// <summary>A document as stored, with the ETag to pass back for a conditional write.</summary>
public sealed record StoredDocument(string PartitionKey, string RowKey, string Json, string ETag, DateTimeOffset Timestamp);

/// <summary>One page of a partition query.</summary>
public sealed record DocumentPage(IReadOnlyList<StoredDocument> Documents, string? ContinuationToken);

/// <summary>One write in an atomic batch.</summary>
public sealed record DocumentOperation(DocumentOperationKind Kind, string RowKey, string? Json = null, string? ETag = null)
{
    /// <summary>Adds a document; the batch fails when the row exists.</summary>
    public static DocumentOperation Insert(string rowKey, string json) => new(DocumentOperationKind.Insert, rowKey, json);

    /// <summary>Overwrites a document; the batch fails when the row is gone or its ETag is no longer <paramref name="etag"/>.</summary>
    public static DocumentOperation Replace(string rowKey, string json, string etag) => new(DocumentOperationKind.Replace, rowKey, json, etag);

    /// <summary>Adds or overwrites a document, unconditionally.</summary>
    public static DocumentOperation Upsert(string rowKey, string json) => new(DocumentOperationKind.Upsert, rowKey, json);

    /// <summary>Removes a document; with <paramref name="etag"/>, only while it is still that version; the batch fails when the row is gone.</summary>
    public static DocumentOperation Delete(string rowKey, string? etag = null) => new(DocumentOperationKind.Delete, rowKey, null, etag);
}

/// <summary>The kinds of write in a <see cref="DocumentOperation"/>.</summary>
public enum DocumentOperationKind
{
    /// <summary>Add a new document.</summary>
    Insert,

    /// <summary>Overwrite an existing document, checking its ETag.</summary>
    Replace,

    /// <summary>Add or overwrite a document.</summary>
    Upsert,

    /// <summary>Remove a document.</summary>
    Delete,
}
