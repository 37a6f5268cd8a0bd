using Serverless.Core.Errors;
using Serverless.Core.Storage;

namespace Serverless.Core.Platform;

/// <summary>
/// The one mechanism behind the repositories of records that each belong to one environment: table
/// <c>table</c>, partition = environment id, so a read through another environment finds nothing. Reads, listings,
/// conditional replaces (stamping <c>updated_at</c>) and deletes are the same for every such record; a repository
/// adds what is its own (how a record is created, filters by name, companion writes). <c>name</c> is what the
/// messages call a record: "sync job already exists", "sync job 0190… not found".
/// </summary>
/// <typeparam name="TRecord">The record stored.</typeparam>
public abstract class EnvironmentScopedRepository<TRecord>
    where TRecord : class, IEnvironmentRecord<TRecord>
{
    private readonly RecordTable<TRecord> _table;

    private protected EnvironmentScopedRepository(IDocumentStore store, TimeProvider time, string table, string name)
    {
        _table = new RecordTable<TRecord>(store, table);
        Time = time;
        Name = name;
    }

    /// <summary>The clock that stamps <c>updated_at</c> on replaces.</summary>
    public TimeProvider Time { get; }

    /// <summary>What messages and 404 answers call a record ("sync job", "workflow run").</summary>
    public string Name { get; }

    /// <summary>A page of the environment's records that pass <paramref name="filter"/> (all when it is null), in creation order.</summary>
    public Task<RecordPage<TRecord>> ListAsync(Guid environmentId, int limit, string? cursor, Func<TRecord, bool>? filter, CancellationToken cancellationToken) =>
        _table.ListAsync(PlatformPartitions.Of(environmentId), limit, cursor, filter, cancellationToken);

    /// <summary>The record with its ETag, or null when the environment has none with that id.</summary>
    public Task<Stored<TRecord>?> GetAsync(Guid environmentId, Guid id, CancellationToken cancellationToken) =>
        _table.GetAsync(PlatformPartitions.Of(environmentId), id, cancellationToken);

    /// <summary>The record with its ETag.</summary>
    /// <exception cref="ApiException">404 "<c>name</c> <c>id</c> not found" when the environment has none with that id.</exception>
    public async Task<Stored<TRecord>> GetRequiredAsync(Guid environmentId, Guid id, CancellationToken cancellationToken) =>
        await GetAsync(environmentId, id, cancellationToken) ?? throw ApiException.NotFound(Name, id);

    /// <summary>Stores <paramref name="changed"/> with a new <c>updated_at</c> over the version read as <paramref name="current"/>; returns it with its new ETag.</summary>
    /// <exception cref="StaleVersionException">It changed meanwhile or was deleted.</exception>
    public async Task<Stored<TRecord>> ReplaceAsync(Stored<TRecord> current, TRecord changed, CancellationToken cancellationToken)
    {
        var record = changed.WithUpdatedAt(Time.GetUtcNow());
        var etag = await _table.ReplaceAsync(PlatformPartitions.Of(record.EnvironmentId), record.Id, record, current.ETag, [], [], Name, cancellationToken);
        return new(record, etag);
    }

    /// <summary>Deletes the record, unless it changed since <paramref name="current"/> was read; false when it was already gone.</summary>
    /// <exception cref="StaleVersionException">It changed meanwhile.</exception>
    public virtual Task<bool> DeleteAsync(Stored<TRecord> current, CancellationToken cancellationToken) =>
        _table.DeleteAsync(PlatformPartitions.Of(current.Value.EnvironmentId), current.Value.Id, current.ETag, [], cancellationToken);

    /// <summary>Stores a new record; returns it with its ETag.</summary>
    /// <exception cref="DuplicateNameException">Its id is taken.</exception>
    private protected async Task<Stored<TRecord>> InsertAsync(TRecord record, CancellationToken cancellationToken)
    {
        var etag = await _table.InsertAsync(PlatformPartitions.Of(record.EnvironmentId), record.Id, record, [], Name, cancellationToken);
        return new(record, etag);
    }
}
