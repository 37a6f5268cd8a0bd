using System.Text.Json;
using Serverless.Core.Platform;
using Serverless.Core.Storage;

namespace Serverless.Core.SyncJobs.Runs;

/// <summary>
/// Sync job runs: table <c>syncjobruns</c>, partition = environment id. Table <c>syncjoblastruns</c> keeps, per job and
/// account, the start of the last completed run (<c>{{previous_run_date}}</c>).
/// </summary>
public sealed class SyncJobRunRepository(IDocumentStore store, TimeProvider time)
{
    private const string LastRunTable = "syncjoblastruns";
    private readonly RecordTable<SyncJobRunRecord> _table = new(store, "syncjobruns");

    /// <summary>The clock that stamps <c>updated_at</c> on writes.</summary>
    public TimeProvider Time => time;

    /// <summary>A page of the environment's runs that pass <paramref name="filter"/> (all when it is null).</summary>
    public Task<RecordPage<SyncJobRunRecord>> ListAsync(Guid environmentId, int limit, string? cursor, Func<SyncJobRunRecord, bool>? filter, CancellationToken cancellationToken) =>
        _table.ListAsync(PlatformPartitions.Of(environmentId), limit, cursor, filter, cancellationToken);

    /// <summary>The run with its ETag, or null when the environment has none with that id.</summary>
    public Task<Stored<SyncJobRunRecord>?> GetAsync(Guid environmentId, Guid id, CancellationToken cancellationToken) =>
        _table.GetAsync(PlatformPartitions.Of(environmentId), id, cancellationToken);

    /// <summary>Stores a new run; returns it with its ETag.</summary>
    public async Task<Stored<SyncJobRunRecord>> CreateAsync(SyncJobRunRecord record, CancellationToken cancellationToken)
    {
        var etag = await _table.InsertAsync(PlatformPartitions.Of(record.EnvironmentId), record.Id, record, [], "sync job run", cancellationToken);
        return new(record, etag);
    }

    /// <summary>Writes <paramref name="changed"/> over the version read as <paramref name="current"/>.</summary>
    /// <exception cref="StaleVersionException">It changed meanwhile (a stop request, say) or was deleted.</exception>
    public async Task<Stored<SyncJobRunRecord>> ReplaceAsync(Stored<SyncJobRunRecord> current, SyncJobRunRecord changed, CancellationToken cancellationToken)
    {
        var record = changed with { UpdatedAt = time.GetUtcNow() };
        var etag = await _table.ReplaceAsync(PlatformPartitions.Of(record.EnvironmentId), record.Id, record, current.ETag, [], [], "sync job run", cancellationToken);
        return new(record, etag);
    }

    /// <summary>Deletes the run, unless it changed since <paramref name="current"/> was read; false when it was already gone.</summary>
    public Task<bool> DeleteAsync(Stored<SyncJobRunRecord> current, CancellationToken cancellationToken) =>
        _table.DeleteAsync(PlatformPartitions.Of(current.Value.EnvironmentId), current.Value.Id, current.ETag, [], cancellationToken);

    /// <summary>The start of the last completed run of a job for an account, or null.</summary>
    public async Task<DateTimeOffset?> LastCompletedStartAsync(Guid environmentId, Guid syncJobId, Guid accountId, CancellationToken cancellationToken)
    {
        var document = await store.GetAsync(LastRunTable, PlatformPartitions.Of(environmentId), LastRunKey(syncJobId, accountId), cancellationToken);
        return document is null ? null : JsonSerializer.Deserialize<LastRun>(document.Json, PlatformJson.Options)!.StartedAt;
    }

    /// <summary>Records a completed run's start, unless a later one is recorded already.</summary>
    public async Task RecordCompletedAsync(SyncJobRunRecord run, CancellationToken cancellationToken)
    {
        if (run.StartedAt is not { } started)
        {
            return;
        }
        var key = LastRunKey(run.SyncJobId, run.IntegratedAccountId);
        var json = JsonSerializer.Serialize(new LastRun(run.Id, started), PlatformJson.Options);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var existing = await store.GetAsync(LastRunTable, PlatformPartitions.Of(run.EnvironmentId), key, cancellationToken);
            try
            {
                if (existing is null)
                {
                    await store.InsertAsync(LastRunTable, PlatformPartitions.Of(run.EnvironmentId), key, json, cancellationToken);
                }
                else if (JsonSerializer.Deserialize<LastRun>(existing.Json, PlatformJson.Options)!.StartedAt < started)
                {
                    await store.ReplaceAsync(LastRunTable, PlatformPartitions.Of(run.EnvironmentId), key, json, existing.ETag, cancellationToken);
                }
                return;
            }
            catch (DocumentConflictException)
            {
                // Another run of the same job and account completed at the same moment: read again.
            }
        }
    }

    private static string LastRunKey(Guid syncJobId, Guid accountId) => $"{syncJobId:D}_{accountId:D}";

    private sealed record LastRun(Guid RunId, DateTimeOffset StartedAt);
}
