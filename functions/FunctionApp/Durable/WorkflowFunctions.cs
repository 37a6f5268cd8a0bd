using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Core.Workflows.Running;

namespace Serverless.Functions.FunctionApp.Durable;

/// <summary>
/// Durable Functions shims of the workflow run orchestration (<c>core/Workflows/Running</c>), as <see cref="SyncJobFunctions"/>.
/// The step activity creates sync job runs, whose orchestrations it starts: it binds a Durable client for that.
/// </summary>
internal sealed class WorkflowFunctions(IServiceProvider services, BoundDurableClient durable)
{
    private static readonly WorkflowRunOrchestrator Orchestrator = new();

    [Function(nameof(WorkflowRunOrchestrator))]
    public Task<string> RunOrchestratorAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Orchestrator.RunAsync(context, context.GetInput<WorkflowRunInput>()!);

    [Function(nameof(WorkflowRunStepActivity))]
    public async Task<WorkflowStepOutcome> StepAsync([ActivityTrigger] WorkflowStepRequest input, [DurableClient] DurableTaskClient client, FunctionContext function)
    {
        using var bound = durable.Use(client);
        return await ActivatorUtilities.CreateInstance<WorkflowRunStepActivity>(services).RunAsync(FunctionActivityContext.Of(nameof(WorkflowRunStepActivity), function), input);
    }
}
