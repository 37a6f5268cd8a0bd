using Serverless.Core.Events;
using Serverless.Core.Workflows.Running;
using Serverless.Core.Workflows.Schedules;

namespace Serverless.Core.Workflows;

/// <summary>
/// The workflows' event subscriber: every workflow of the event's environment whose trigger is the event's type starts
/// a run orchestration (its id derived from workflow and event, so a redelivered event starts nothing new). An
/// <c>integrated_account:deleted</c> event also removes the account's schedules.
/// </summary>
internal sealed class WorkflowTrigger(WorkflowRepository workflows, WorkflowScheduleRepository schedules, IWorkflowOrchestrations orchestrations) : IEventSubscriber
{
    public const string AccountIdField = "integrated_account_id";

    public async Task OnEventAsync(PlatformEvent platformEvent, CancellationToken cancellationToken)
    {
        if (platformEvent.EventType == EventTypes.IntegratedAccountDeleted
            && platformEvent.Payload[AccountIdField]?.GetValue<string>() is { } account && Guid.TryParse(account, out var accountId))
        {
            await schedules.DeleteForAccountAsync(platformEvent.EnvironmentId, accountId, cancellationToken);
        }
        foreach (var workflow in await workflows.TriggeredByAsync(platformEvent.EnvironmentId, platformEvent.EventType, cancellationToken))
        {
            var run = new WorkflowRunInput(platformEvent.EnvironmentId, WorkflowRunIds.Of(workflow.Id, platformEvent.Id), workflow.Id, platformEvent.Id);
            await orchestrations.StartAsync(run, cancellationToken);
        }
    }
}
