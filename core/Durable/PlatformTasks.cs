using Microsoft.DurableTask;
using Serverless.Core.SyncJobs.Running;
using Serverless.Core.Workflows.Running;

namespace Serverless.Core.Durable;

/// <summary>
/// The platform's orchestrators and activities, listed once. The standalone engine registers them with the
/// in-process worker; in Azure the Durable Functions shims wrap the same classes under the same names.
/// </summary>
public static class PlatformTasks
{
    /// <summary>Adds every platform orchestrator and activity, each under its class name.</summary>
    public static DurableTaskRegistry AddPlatformTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestrator<SyncJobRunOrchestrator>();
        registry.AddActivity<SyncRunTransitionActivity>();
        registry.AddActivity<SyncRunPagesActivity>();
        registry.AddOrchestrator<WorkflowRunOrchestrator>();
        registry.AddActivity<WorkflowRunStepActivity>();
        return registry;
    }
}
