using System.Text.Json;
using Serverless.Core.Platform;
using Serverless.Core.Storage;

namespace Serverless.Core.SyncJobs.Runs;

/// <summary>
/// Sync job runs: table <c>syncjobruns</c>, partition = environment id. Table <c>syncjoblastruns</c> keeps, per job and
/// account, the start of the last completed run (<c>{{previous_run_date}}</c>).
/// </summary>
public sealed class SyncJobRunRepository(IDocumentStore store, TimeProvider time)
    : EnvironmentScopedRepository<SyncJobRunRecord>(store, time, "syncjobruns", "sync job run")
{
    private const string LastRunTable = "syncjoblastruns";
    private readonly IDocumentStore _store = store;

    /// <summary>Stores a new run; returns it with its ETag.</summary>
    public Task<Stored<SyncJobRunRecord>> CreateAsync(SyncJobRunRecord record, CancellationToken cancellationToken) =>
        InsertAsync(record, cancellationToken);

    /// <summary>The start of the last completed run of a job for an account, or null.</summary>
    public async Task<DateTimeOffset?> LastCompletedStartAsync(Guid environmentId, Guid syncJobId, Guid accountId, CancellationToken cancellationToken)
    {
        var document = await _store.GetAsync(LastRunTable, PlatformPartitions.Of(environmentId), LastRunKey(syncJobId, accountId), cancellationToken);
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
            var existing = await _store.GetAsync(LastRunTable, PlatformPartitions.Of(run.EnvironmentId), key, cancellationToken);
            try
            {
                if (existing is null)
                {
                    await _store.InsertAsync(LastRunTable, PlatformPartitions.Of(run.EnvironmentId), key, json, cancellationToken);
                }
                else if (JsonSerializer.Deserialize<LastRun>(existing.Json, PlatformJson.Options)!.StartedAt < started)
                {
                    await _store.ReplaceAsync(LastRunTable, PlatformPartitions.Of(run.EnvironmentId), key, json, existing.ETag, cancellationToken);
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
