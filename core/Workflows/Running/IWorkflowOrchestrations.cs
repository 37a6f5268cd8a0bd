namespace Serverless.Core.Workflows.Running;

/// <summary>
/// Starts workflow run orchestrations: the seam between the workflow trigger and the Durable engine of the hosting mode
/// (standalone, the engine's client; under the Functions host, the client bound to the invoking function).
/// </summary>
public interface IWorkflowOrchestrations
{
    /// <summary>Schedules the run's orchestration (instance id = the run's id); a run already scheduled is left as it is.</summary>
    Task StartAsync(WorkflowRunInput run, CancellationToken cancellationToken);
}
