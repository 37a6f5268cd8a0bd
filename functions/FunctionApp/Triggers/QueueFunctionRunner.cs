using Serverless.Core.Storage;
using Serverless.Core.Triggers;
using QueueStorageMessage = Azure.Storage.Queues.Models.QueueMessage;

namespace Serverless.Functions.FunctionApp.Triggers;

/// <summary>
/// Hands a message the Functions host took from a queue to the handler registered under the function's name,
/// as the standalone poller does. The host settles the message: it deletes it when this returns, and when this
/// throws it makes it visible again after <c>visibilityTimeout</c> and moves it to <c>&lt;queue&gt;-poison</c>
/// after <c>maxDequeueCount</c> tries (host.json).
/// </summary>
internal sealed partial class QueueFunctionRunner(TriggerDispatcher dispatcher, IWorkQueue queue, ILogger<QueueFunctionRunner> logger)
{
    public async Task RunAsync(string functionName, QueueStorageMessage message, CancellationToken cancellationToken)
    {
        var handler = dispatcher.QueueHandler(functionName);
        var queuedBody = message.Body.ToString();
        var context = new QueueTriggerContext(handler.QueueName, message.MessageId, queuedBody, checked((int)message.DequeueCount), message.InsertedOn);
        // The host hands over the queue's text as is: a body over the queue's limit is a reference to a blob.
        var largeBodies = queue as BlobBackedWorkQueue;
        if (largeBodies is not null && BlobBackedWorkQueue.IsReference(queuedBody))
        {
            var queued = new QueueMessage(handler.QueueName, message.MessageId, message.PopReceipt ?? string.Empty, queuedBody,
                context.DequeueCount, message.InsertedOn ?? DateTimeOffset.MinValue);
            var resolved = await largeBodies.ResolveAsync(queued, cancellationToken)
                ?? throw new InvalidOperationException($"The body of message {message.MessageId} on queue {handler.QueueName} refers to a blob that is gone.");
            context = context with { MessageText = resolved.Body };
        }

        await dispatcher.DispatchQueueAsync(functionName, context, cancellationToken);
        if (largeBodies is not null)
        {
            await DeleteLargeBodyAsync(largeBodies, queuedBody, functionName);
        }
    }

    // The host deletes the message after success; the blob holding a large body is ours to delete. A failure here
    // only leaves an orphaned blob, so the invocation still succeeds.
    private async Task DeleteLargeBodyAsync(BlobBackedWorkQueue largeBodies, string queuedBody, string functionName)
    {
        try
        {
            await largeBodies.DeleteBodyAsync(queuedBody, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogLargeBodyNotDeleted(functionName, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue function {Function} succeeded but its message body blob could not be deleted")]
    private partial void LogLargeBodyNotDeleted(string function, Exception exception);
}
