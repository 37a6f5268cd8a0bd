using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Serverless.Core.Events;
using Serverless.Core.Webhooks.Outbound;
using Serverless.Core.Workflows.Schedules;
using Serverless.Functions.FunctionApp.Durable;
using Serverless.Functions.Hosting;
using QueueStorageMessage = Azure.Storage.Queues.Models.QueueMessage;

namespace Serverless.Functions.FunctionApp.Triggers;

/// <summary>
/// The queue- and timer-triggered functions: one per registered trigger handler, with the handler's name, queue
/// and schedule (a test checks <c>functions.metadata</c> against the registrations). The fan-out (workflow triggers start
/// runs) and the workflow schedules (they create sync job runs) bind a Durable client for the code they call.
/// </summary>
internal sealed class TriggerFunctions(QueueFunctionRunner queues, TimerFunctionRunner timers, BoundDurableClient durable)
{
    [Function(EventFanOutHandler.Name)]
    public async Task EventFanOutAsync(
        [QueueTrigger(EventOutbox.FanOutQueue, Connection = PlatformSettings.AzureWebJobsStorage)] QueueStorageMessage message,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        using var bound = durable.Use(client);
        await queues.RunAsync(EventFanOutHandler.Name, message, cancellationToken);
    }

    [Function(WebhookDeliveryHandler.Name)]
    public Task WebhookDeliveryAsync(
        [QueueTrigger(WebhookDispatcher.DeliveryQueue, Connection = PlatformSettings.AzureWebJobsStorage)] QueueStorageMessage message, CancellationToken cancellationToken) =>
        queues.RunAsync(WebhookDeliveryHandler.Name, message, cancellationToken);

    [Function(EventOutboxSweeper.Name)]
    public Task EventOutboxSweepAsync([TimerTrigger(EventOutboxSweeper.EveryMinute)] TimerInfo timer, CancellationToken cancellationToken) =>
        timers.RunAsync(EventOutboxSweeper.Name, timer, cancellationToken);

    [Function(WorkflowScheduleTimer.Name)]
    public async Task WorkflowSchedulesAsync(
        [TimerTrigger(WorkflowScheduleTimer.EveryMinute)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        using var bound = durable.Use(client);
        await timers.RunAsync(WorkflowScheduleTimer.Name, timer, cancellationToken);
    }
}
