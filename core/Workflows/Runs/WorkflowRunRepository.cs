using Serverless.Core.Platform;
using Serverless.Core.Storage;

namespace Serverless.Core.Workflows.Runs;

/// <summary>Workflow runs: table <c>workflowruns</c>, partition = environment id.</summary>
public sealed class WorkflowRunRepository(IDocumentStore store, TimeProvider time)
    : EnvironmentScopedRepository<WorkflowRunRecord>(store, time, "workflowruns", "workflow run")
{
    /// <summary>Stores a new run; null when it exists already (a repeated activity).</summary>
    public async Task<Stored<WorkflowRunRecord>?> TryCreateAsync(WorkflowRunRecord record, CancellationToken cancellationToken)
    {
        try
        {
            return await InsertAsync(record, cancellationToken);
        }
        catch (DuplicateNameException)
        {
            return null;
        }
    }
}
