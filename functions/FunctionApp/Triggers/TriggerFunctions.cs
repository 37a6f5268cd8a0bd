using Microsoft.Azure.Functions.Worker;
using Serverless.Core.Events;
using Serverless.Core.Webhooks.Outbound;
using Serverless.Functions.Hosting;
using QueueStorageMessage = Azure.Storage.Queues.Models.QueueMessage;

namespace Serverless.Functions.FunctionApp.Triggers;

/// <summary>
/// The queue- and timer-triggered functions: one per registered trigger handler, with the handler's name, queue
/// and schedule (a test checks <c>functions.metadata</c> against the registrations).
/// </summary>
internal sealed class TriggerFunctions(QueueFunctionRunner queues, TimerFunctionRunner timers)
{
    [Function(EventFanOutHandler.Name)]
    public Task EventFanOutAsync(
        [QueueTrigger(EventOutbox.FanOutQueue, Connection = PlatformSettings.AzureWebJobsStorage)] QueueStorageMessage message, CancellationToken cancellationToken) =>
        queues.RunAsync(EventFanOutHandler.Name, message, cancellationToken);

    [Function(WebhookDeliveryHandler.Name)]
    public Task WebhookDeliveryAsync(
        [QueueTrigger(WebhookDispatcher.DeliveryQueue, Connection = PlatformSettings.AzureWebJobsStorage)] QueueStorageMessage message, CancellationToken cancellationToken) =>
        queues.RunAsync(WebhookDeliveryHandler.Name, message, cancellationToken);

    [Function(EventOutboxSweeper.Name)]
    public Task EventOutboxSweepAsync([TimerTrigger(EventOutboxSweeper.EveryMinute)] TimerInfo timer, CancellationToken cancellationToken) =>
        timers.RunAsync(EventOutboxSweeper.Name, timer, cancellationToken);
}
