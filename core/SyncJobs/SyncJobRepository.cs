using Serverless.Core.Platform;
using Serverless.Core.Storage;

namespace Serverless.Core.SyncJobs;

/// <summary>Sync jobs: table <c>syncjobs</c>, partition = environment id.</summary>
public sealed class SyncJobRepository(IDocumentStore store, TimeProvider time)
{
    private readonly RecordTable<SyncJobRecord> _table = new(store, "syncjobs");

    public TimeProvider Time => time;

    public Task<RecordPage<SyncJobRecord>> ListAsync(Guid environmentId, int limit, string? cursor, string? integrationName, CancellationToken cancellationToken) =>
        _table.ListAsync(PlatformPartitions.Of(environmentId), limit, cursor,
            integrationName is null ? null : job => string.Equals(job.IntegrationName, integrationName, StringComparison.Ordinal), cancellationToken);

    public Task<Stored<SyncJobRecord>?> GetAsync(Guid environmentId, Guid id, CancellationToken cancellationToken) =>
        _table.GetAsync(PlatformPartitions.Of(environmentId), id, cancellationToken);

    public async Task<SyncJobRecord> CreateAsync(SyncJobRecord record, CancellationToken cancellationToken)
    {
        await _table.InsertAsync(PlatformPartitions.Of(record.EnvironmentId), record.Id, record, [], "sync job", cancellationToken);
        return record;
    }

    public async Task<SyncJobRecord> UpdateAsync(Stored<SyncJobRecord> current, SyncJobRecord changed, CancellationToken cancellationToken)
    {
        var record = changed with { UpdatedAt = time.GetUtcNow() };
        await _table.ReplaceAsync(PlatformPartitions.Of(record.EnvironmentId), record.Id, record, current.ETag, [], [], "sync job", cancellationToken);
        return record;
    }

    public Task<bool> DeleteAsync(Stored<SyncJobRecord> current, CancellationToken cancellationToken) =>
        _table.DeleteAsync(PlatformPartitions.Of(current.Value.EnvironmentId), current.Value.Id, current.ETag, [], cancellationToken);
}
