using Serverless.Core.Platform;
using Serverless.Core.Storage;

namespace Serverless.Core.SyncJobs;

/// <summary>Sync jobs: table <c>syncjobs</c>, partition = environment id.</summary>
public sealed class SyncJobRepository(IDocumentStore store, TimeProvider time)
{
    private readonly RecordTable<SyncJobRecord> _table = new(store, "syncjobs");

    /// <summary>The clock that stamps <c>updated_at</c> on updates.</summary>
    public TimeProvider Time => time;

    /// <summary>A page of the environment's sync jobs, only those of integration <paramref name="integrationName"/> when it is given.</summary>
    public Task<RecordPage<SyncJobRecord>> ListAsync(Guid environmentId, int limit, string? cursor, string? integrationName, CancellationToken cancellationToken) =>
        _table.ListAsync(PlatformPartitions.Of(environmentId), limit, cursor,
            integrationName is null ? null : job => string.Equals(job.IntegrationName, integrationName, StringComparison.Ordinal), cancellationToken);

    /// <summary>The sync job with its ETag, or null when the environment has none with that id.</summary>
    public Task<Stored<SyncJobRecord>?> GetAsync(Guid environmentId, Guid id, CancellationToken cancellationToken) =>
        _table.GetAsync(PlatformPartitions.Of(environmentId), id, cancellationToken);

    /// <summary>Stores a new sync job; fails when its id is taken.</summary>
    public async Task<SyncJobRecord> CreateAsync(SyncJobRecord record, CancellationToken cancellationToken)
    {
        await _table.InsertAsync(PlatformPartitions.Of(record.EnvironmentId), record.Id, record, [], "sync job", cancellationToken);
        return record;
    }

    /// <summary>Stores <paramref name="changed"/> with a new <c>updated_at</c>, unless the job changed since <paramref name="current"/> was read.</summary>
    public async Task<SyncJobRecord> UpdateAsync(Stored<SyncJobRecord> current, SyncJobRecord changed, CancellationToken cancellationToken)
    {
        var record = changed with { UpdatedAt = time.GetUtcNow() };
        await _table.ReplaceAsync(PlatformPartitions.Of(record.EnvironmentId), record.Id, record, current.ETag, [], [], "sync job", cancellationToken);
        return record;
    }

    /// <summary>Deletes the sync job, unless it changed since <paramref name="current"/> was read; false when it was already gone.</summary>
    public Task<bool> DeleteAsync(Stored<SyncJobRecord> current, CancellationToken cancellationToken) =>
        _table.DeleteAsync(PlatformPartitions.Of(current.Value.EnvironmentId), current.Value.Id, current.ETag, [], cancellationToken);
}
