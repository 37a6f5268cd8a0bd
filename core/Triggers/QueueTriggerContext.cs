namespace Serverless.Core.Triggers;

/// <summary>One delivery of a queue message to a handler.</summary>
/// <param name="QueueName">The queue the message came from.</param>
/// <param name="MessageId">The queue's id of the message (stable across redeliveries).</param>
/// <param name="MessageText">The message body as enqueued.</param>
/// <param name="DequeueCount">How many times the message has been received, this delivery included.</param>
/// <param name="InsertionTime">When the message was enqueued, when the source knows it.</param>
public sealed record QueueTriggerContext(
    string QueueName,
    string MessageId,
    string MessageText,
    int DequeueCount,
    DateTimeOffset? InsertionTime);
