namespace Serverless.Core.Storage;

/// <summary>
/// Durable at-least-once work queues with visibility timeouts, like Azure Queue storage.
/// A message received more than <c>MaxDequeueCount</c> times is moved to the queue
/// <c>&lt;queue&gt;-poison</c> instead of being handed out again.
/// </summary>
/// <remarks>Queue names are lowercase letters, digits and '-', 3–63 characters.</remarks>
public interface IWorkQueue
{
    /// <summary>Adds a message, visible after <paramref name="delay"/> (immediately when null).</summary>
    Task EnqueueAsync(string queue, string message, TimeSpan? delay = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes up to <paramref name="maxMessages"/> visible messages and hides them for
    /// <paramref name="visibilityTimeout"/>; each receipt increments the message's dequeue count.
    /// </summary>
    /// <remarks>
    /// <paramref name="maxMessages"/> is 1–32 and timeouts and delays at most 7 days (Azure Queue storage's limits);
    /// Azure counts them in whole seconds. Order is roughly first-in first-out, not guaranteed.
    /// </remarks>
    Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default);

    /// <summary>Deletes a handled message.</summary>
    /// <exception cref="MessageReceiptExpiredException">The receipt is stale.</exception>
    Task CompleteAsync(QueueMessage message, CancellationToken cancellationToken = default);

    /// <summary>Keeps a message hidden for another <paramref name="visibilityTimeout"/>; returns it with its new receipt.</summary>
    /// <exception cref="MessageReceiptExpiredException">The receipt is stale.</exception>
    Task<QueueMessage> RenewAsync(QueueMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default);

    /// <summary>Makes a message visible again after <paramref name="delay"/> (immediately when null).</summary>
    /// <exception cref="MessageReceiptExpiredException">The receipt is stale.</exception>
    Task AbandonAsync(QueueMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default);
}

/// <summary>A received message: its body and the receipt that proves the current holder.</summary>
public sealed record QueueMessage(string Queue, string Id, string PopReceipt, string Body, int DequeueCount, DateTimeOffset InsertedAt);
