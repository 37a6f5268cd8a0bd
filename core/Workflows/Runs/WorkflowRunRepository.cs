using Serverless.Core.Platform;
using Serverless.Core.Storage;

namespace Serverless.Core.Workflows.Runs;

/// <summary>Workflow runs: table <c>workflowruns</c>, partition = environment id.</summary>
public sealed class WorkflowRunRepository(IDocumentStore store, TimeProvider time)
{
    private readonly RecordTable<WorkflowRunRecord> _table = new(store, "workflowruns");

    /// <summary>The clock that stamps <c>updated_at</c> on writes.</summary>
    public TimeProvider Time => time;

    /// <summary>A page of the environment's workflow runs that pass <paramref name="filter"/> (all when it is null).</summary>
    public Task<RecordPage<WorkflowRunRecord>> ListAsync(Guid environmentId, int limit, string? cursor, Func<WorkflowRunRecord, bool>? filter, CancellationToken cancellationToken) =>
        _table.ListAsync(PlatformPartitions.Of(environmentId), limit, cursor, filter, cancellationToken);

    /// <summary>The run with its ETag, or null when the environment has none with that id.</summary>
    public Task<Stored<WorkflowRunRecord>?> GetAsync(Guid environmentId, Guid id, CancellationToken cancellationToken) =>
        _table.GetAsync(PlatformPartitions.Of(environmentId), id, cancellationToken);

    /// <summary>Stores a new run; null when it exists already (a repeated activity).</summary>
    public async Task<Stored<WorkflowRunRecord>?> TryCreateAsync(WorkflowRunRecord record, CancellationToken cancellationToken)
    {
        try
        {
            var etag = await _table.InsertAsync(PlatformPartitions.Of(record.EnvironmentId), record.Id, record, [], "workflow run", cancellationToken);
            return new(record, etag);
        }
        catch (DuplicateNameException)
        {
            return null;
        }
    }

    /// <exception cref="StaleVersionException">It changed meanwhile.</exception>
    public async Task<Stored<WorkflowRunRecord>> ReplaceAsync(Stored<WorkflowRunRecord> current, WorkflowRunRecord changed, CancellationToken cancellationToken)
    {
        var record = changed with { UpdatedAt = time.GetUtcNow() };
        var etag = await _table.ReplaceAsync(PlatformPartitions.Of(record.EnvironmentId), record.Id, record, current.ETag, [], [], "workflow run", cancellationToken);
        return new(record, etag);
    }
}
