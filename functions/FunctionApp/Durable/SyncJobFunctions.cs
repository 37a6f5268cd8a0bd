using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Serverless.Core.SyncJobs.Running;

namespace Serverless.Functions.FunctionApp.Durable;

/// <summary>
/// Durable Functions shims of the sync job run orchestration (<c>core/SyncJobs/Running</c>): each runs the same class the
/// standalone engine registers (<c>AddPlatformTasks</c>), under the same name, with its services from the worker's DI.
/// </summary>
internal sealed class SyncJobFunctions(IServiceProvider services)
{
    private static readonly SyncJobRunOrchestrator Orchestrator = new();

    [Function(nameof(SyncJobRunOrchestrator))]
    public Task<string> RunOrchestratorAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Orchestrator.RunAsync(context, context.GetInput<SyncRunState>()!);

    [Function(nameof(SyncRunTransitionActivity))]
    public Task<SyncStepResult> TransitionAsync([ActivityTrigger] SyncTransitionRequest input, FunctionContext function) =>
        ActivatorUtilities.CreateInstance<SyncRunTransitionActivity>(services).RunAsync(FunctionActivityContext.Of(nameof(SyncRunTransitionActivity), function), input);

    [Function(nameof(SyncRunPagesActivity))]
    public Task<SyncStepResult> PagesAsync([ActivityTrigger] SyncPagesRequest input, FunctionContext function) =>
        ActivatorUtilities.CreateInstance<SyncRunPagesActivity>(services).RunAsync(FunctionActivityContext.Of(nameof(SyncRunPagesActivity), function), input);
}

/// <summary>The activity context a class-based activity expects, built from the function invocation.</summary>
internal sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;

    public static FunctionActivityContext Of(string name, FunctionContext function) =>
        new(name, function.BindingContext.BindingData.TryGetValue("instanceId", out var id) ? id?.ToString() ?? "" : "");
}
