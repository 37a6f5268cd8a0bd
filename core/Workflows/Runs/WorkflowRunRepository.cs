using Serverless.Core.Platform;
using Serverless.Core.Storage;

namespace Serverless.Core.Workflows.Runs;

/// <summary>Workflow runs: table <c>workflowruns</c>, partition = environment id.</summary>
public sealed class WorkflowRunRepository(IDocumentStore store, TimeProvider time)
{
    private readonly RecordTable<WorkflowRunRecord> _table = new(store, "workflowruns");

    public TimeProvider Time => time;

    public Task<RecordPage<WorkflowRunRecord>> ListAsync(Guid environmentId, int limit, string? cursor, Func<WorkflowRunRecord, bool>? filter, CancellationToken cancellationToken) =>
        _table.ListAsync(PlatformPartitions.Of(environmentId), limit, cursor, filter, cancellationToken);

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
