using Serverless.Core.Platform;
using Serverless.Core.Storage;

namespace Serverless.Core.Workflows;

/// <summary>Workflows: table <c>workflows</c>, partition = environment id.</summary>
public sealed class WorkflowRepository(IDocumentStore store, TimeProvider time)
{
    private const int PageSize = 1000;
    private readonly RecordTable<WorkflowRecord> _table = new(store, "workflows");

    /// <summary>The clock that stamps <c>updated_at</c> on updates.</summary>
    public TimeProvider Time => time;

    /// <summary>A page of the environment's workflows, only those of trigger <paramref name="triggerName"/> when it is given.</summary>
    public Task<RecordPage<WorkflowRecord>> ListAsync(Guid environmentId, int limit, string? cursor, string? triggerName, CancellationToken cancellationToken) =>
        _table.ListAsync(PlatformPartitions.Of(environmentId), limit, cursor,
            triggerName is null ? null : workflow => workflow.TriggerName == triggerName, cancellationToken);

    /// <summary>Every workflow of the environment that an event of <paramref name="eventType"/> triggers.</summary>
    public async Task<IReadOnlyList<WorkflowRecord>> TriggeredByAsync(Guid environmentId, string eventType, CancellationToken cancellationToken)
    {
        var matches = new List<WorkflowRecord>();
        string? cursor = null;
        do
        {
            var page = await _table.ListAsync(PlatformPartitions.Of(environmentId), PageSize, cursor,
                workflow => WorkflowTriggers.EventTypeOf(workflow.TriggerName) == eventType, cancellationToken);
            matches.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return matches;
    }

    /// <summary>The workflow with its ETag, or null when the environment has none with that id.</summary>
    public Task<Stored<WorkflowRecord>?> GetAsync(Guid environmentId, Guid id, CancellationToken cancellationToken) =>
        _table.GetAsync(PlatformPartitions.Of(environmentId), id, cancellationToken);

    /// <summary>Stores a new workflow; fails when its id is taken.</summary>
    public async Task<WorkflowRecord> CreateAsync(WorkflowRecord record, CancellationToken cancellationToken)
    {
        await _table.InsertAsync(PlatformPartitions.Of(record.EnvironmentId), record.Id, record, [], "workflow", cancellationToken);
        return record;
    }

    /// <summary>Stores <paramref name="changed"/> with a new <c>updated_at</c>, unless the workflow changed since <paramref name="current"/> was read.</summary>
    public async Task<WorkflowRecord> UpdateAsync(Stored<WorkflowRecord> current, WorkflowRecord changed, CancellationToken cancellationToken)
    {
        var record = changed with { UpdatedAt = time.GetUtcNow() };
        await _table.ReplaceAsync(PlatformPartitions.Of(record.EnvironmentId), record.Id, record, current.ETag, [], [], "workflow", cancellationToken);
        return record;
    }

    /// <summary>Deletes the workflow, unless it changed since <paramref name="current"/> was read; false when it was already gone.</summary>
    public Task<bool> DeleteAsync(Stored<WorkflowRecord> current, CancellationToken cancellationToken) =>
        _table.DeleteAsync(PlatformPartitions.Of(current.Value.EnvironmentId), current.Value.Id, current.ETag, [], cancellationToken);
}
