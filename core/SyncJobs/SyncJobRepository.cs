using Serverless.Core.Platform;
using Serverless.Core.Storage;

namespace Serverless.Core.SyncJobs;

/// <summary>Sync jobs: table <c>syncjobs</c>, partition = environment id.</summary>
public sealed class SyncJobRepository(IDocumentStore store, TimeProvider time)
    : EnvironmentScopedRepository<SyncJobRecord>(store, time, "syncjobs", "sync job")
{
    /// <summary>A page of the environment's sync jobs, only those of integration <paramref name="integrationName"/> when it is given.</summary>
    public Task<RecordPage<SyncJobRecord>> ListAsync(Guid environmentId, int limit, string? cursor, string? integrationName, CancellationToken cancellationToken) =>
        base.ListAsync(environmentId, limit, cursor,
            integrationName is null ? null : job => string.Equals(job.IntegrationName, integrationName, StringComparison.Ordinal), cancellationToken);

    /// <summary>Stores a new sync job; fails when its id is taken.</summary>
    public async Task<SyncJobRecord> CreateAsync(SyncJobRecord record, CancellationToken cancellationToken) =>
        (await InsertAsync(record, cancellationToken)).Value;
}
