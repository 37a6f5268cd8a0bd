using Microsoft.DurableTask;

namespace Serverless.Core.Workflows.Running;

/// <summary>
/// The orchestration of one workflow run (instance id = the run's id): <see cref="WorkflowRunStepActivity"/> begins the
/// run (records it, evaluates <c>run_if</c>), then runs each step in order, one activity call per step, and finishes
/// the run with the last. A step's own failure (JSONata error, a sync job run refused) is an outcome the activity
/// records; only an activity that keeps failing (storage unavailable) fails the run as a whole.
/// </summary>
public sealed class WorkflowRunOrchestrator : TaskOrchestrator<WorkflowRunInput, string>
{
    private static readonly TaskOptions Retries = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(30)));

    /// <inheritdoc/>
    public override async Task<string> RunAsync(TaskOrchestrationContext context, WorkflowRunInput input)
    {
        int? step = WorkflowStepRequest.Begin;
        while (step is { } current)
        {
            try
            {
                step = (await context.CallActivityAsync<WorkflowStepOutcome>(nameof(WorkflowRunStepActivity), new WorkflowStepRequest(input, current), Retries)).NextStep;
            }
            catch (TaskFailedException exception)
            {
                await context.CallActivityAsync<WorkflowStepOutcome>(nameof(WorkflowRunStepActivity),
                    new WorkflowStepRequest(input, current, $"internal error: {exception.FailureDetails.ErrorMessage}"), Retries);
                return "failed";
            }
        }
        return "finished";
    }
}
