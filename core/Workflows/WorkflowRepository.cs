using Serverless.Core.Platform;
using Serverless.Core.Storage;

namespace Serverless.Core.Workflows;

/// <summary>Workflows: table <c>workflows</c>, partition = environment id.</summary>
public sealed class WorkflowRepository(IDocumentStore store, TimeProvider time)
    : EnvironmentScopedRepository<WorkflowRecord>(store, time, "workflows", "workflow")
{
    private const int PageSize = 1000;

    /// <summary>A page of the environment's workflows, only those of trigger <paramref name="triggerName"/> when it is given.</summary>
    public Task<RecordPage<WorkflowRecord>> ListAsync(Guid environmentId, int limit, string? cursor, string? triggerName, CancellationToken cancellationToken) =>
        base.ListAsync(environmentId, limit, cursor, triggerName is null ? null : workflow => workflow.TriggerName == triggerName, cancellationToken);

    /// <summary>Every workflow of the environment that an event of <paramref name="eventType"/> triggers.</summary>
    public async Task<IReadOnlyList<WorkflowRecord>> TriggeredByAsync(Guid environmentId, string eventType, CancellationToken cancellationToken)
    {
        var matches = new List<WorkflowRecord>();
        string? cursor = null;
        do
        {
            var page = await base.ListAsync(environmentId, PageSize, cursor,
                workflow => WorkflowTriggers.EventTypeOf(workflow.TriggerName) == eventType, cancellationToken);
            matches.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return matches;
    }

    /// <summary>Stores a new workflow; fails when its id is taken.</summary>
    public async Task<WorkflowRecord> CreateAsync(WorkflowRecord record, CancellationToken cancellationToken) =>
        (await InsertAsync(record, cancellationToken)).Value;
}
