namespace Serverless.Core.Workflows.Running;

/// <summary>The input of a workflow run's orchestration (instance id = <see cref="RunId"/>): ids only.</summary>
public sealed record WorkflowRunInput(Guid EnvironmentId, Guid RunId, Guid WorkflowId, Guid EventId);

/// <summary>
/// One call of <see cref="WorkflowRunStepActivity"/>: <see cref="Step"/> <see cref="Begin"/> begins the run, a step's
/// index runs that step; with <see cref="Error"/> the run is failed with it (the activity itself kept failing).
/// </summary>
public sealed record WorkflowStepRequest(WorkflowRunInput Run, int Step, string? Error = null)
{
    /// <summary>The <see cref="Step"/> that begins the run, before its first step.</summary>
    public const int Begin = -1;
}

/// <param name="NextStep">The step to run next; null: the run is over.</param>
public sealed record WorkflowStepOutcome(int? NextStep);
