using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Core.Workflows.Running;
using Serverless.Functions.SyncJobs;

namespace Serverless.Functions.Workflows;

/// <summary>The workflow run orchestrations through whichever <see cref="DurableTaskClient"/> the hosting mode provides.</summary>
internal sealed class DurableWorkflowOrchestrations(IDurableClientSource source) : IWorkflowOrchestrations
{
    public async Task StartAsync(WorkflowRunInput run, CancellationToken cancellationToken)
    {
        var client = source.Client;
        var instanceId = run.RunId.ToString("D");
        if (await client.GetInstanceAsync(instanceId, cancellationToken) is not null)
        {
            return;
        }
        await client.ScheduleNewOrchestrationInstanceAsync(
            nameof(WorkflowRunOrchestrator), run, new StartOrchestrationOptions { InstanceId = instanceId }, cancellationToken);
    }
}
