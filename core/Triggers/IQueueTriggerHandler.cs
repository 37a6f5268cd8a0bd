namespace Serverless.Core.Triggers;

/// <summary>
/// Work that arrives as a queue message: invoked by the Function App's queue-triggered function under the
/// Azure Functions host or, standalone, by the local queue poller. Handlers must be idempotent: delivery is at least once.
/// </summary>
public interface IQueueTriggerHandler
{
    /// <summary>The function's name: the name of its <c>[Function]</c> in the Function App (functions/FunctionApp/). PascalCase.</summary>
    string FunctionName { get; }

    /// <summary>The queue the function listens to (lowercase letters, digits and '-').</summary>
    string QueueName { get; }

    /// <summary>Handles one message. Throwing makes the message visible again; after MaxDequeueCount it is poisoned.</summary>
    Task HandleAsync(QueueTriggerContext context, CancellationToken cancellationToken);
}
