using Azure;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Core.Storage;

namespace Serverless.Functions.Storage.Azure;

/// <summary>
/// <see cref="IWorkQueue"/> on Azure Queue storage through <see cref="QueueClient"/>. Message text is sent as is
/// (no base64), the way the Functions host reads it with <c>messageEncoding: none</c>. Queues are created on first
/// use; a message received more than <see cref="WorkQueueOptions.MaxDequeueCount"/> times moves to <c>&lt;queue&gt;-poison</c>.
/// </summary>
internal sealed partial class AzureQueueWorkQueue : IWorkQueue
{
    private const int MaxMessagesPerRequest = 32;
    private static readonly TimeSpan MaxVisibilityTimeout = TimeSpan.FromDays(7);

    // Work must not silently expire after the service's default of 7 days.
    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    private readonly QueueServiceClient _service;
    private readonly int _maxDequeueCount;
    private readonly ILogger _logger;
    private readonly CreatedOnFirstUse _queues;

    public AzureQueueWorkQueue(QueueServiceClient service, WorkQueueOptions options, ILogger<AzureQueueWorkQueue>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDequeueCount, 1);
        _service = service;
        _maxDequeueCount = options.MaxDequeueCount;
        _logger = logger ?? NullLogger<AzureQueueWorkQueue>.Instance;
        _queues = new CreatedOnFirstUse(queue => _service.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: CancellationToken.None));
    }

    public async Task EnqueueAsync(string queue, string message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateQueue(queue);
        ArgumentNullException.ThrowIfNull(message);
        var visibility = WholeSeconds(delay ?? TimeSpan.Zero, 0);
        var client = _service.GetQueueClient(queue);
        await _queues.UseAsync(queue, async () =>
        {
            try
            {
                return await client.SendMessageAsync(message, visibility, NeverExpires, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException exception) when (exception.Status == 413)
            {
                throw new ArgumentException($"Message for queue '{queue}' is over Azure Queue storage's 64 KiB limit.", nameof(message), exception);
            }
        }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateQueue(queue);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, MaxMessagesPerRequest);
        var visibility = WholeSeconds(visibilityTimeout, 1);
        var client = _service.GetQueueClient(queue);
        var received = new List<QueueMessage>();
        // Poisoned messages are moved aside and not counted, so ask again for the places they took.
        while (received.Count < maxMessages)
        {
            var count = Math.Min(MaxMessagesPerRequest, maxMessages - received.Count);
            var batch = await _queues.UseAsync(queue, async () =>
                (await client.ReceiveMessagesAsync(count, visibility, cancellationToken).ConfigureAwait(false)).Value).ConfigureAwait(false);
            var poisoned = 0;
            foreach (var message in batch)
            {
                var mapped = new QueueMessage(queue, message.MessageId, message.PopReceipt, message.Body.ToString(),
                    checked((int)message.DequeueCount), message.InsertedOn ?? DateTimeOffset.MinValue);
                if (mapped.DequeueCount > _maxDequeueCount)
                {
                    await MoveToPoisonAsync(mapped, cancellationToken).ConfigureAwait(false);
                    poisoned++;
                }
                else
                {
                    received.Add(mapped);
                }
            }

            if (poisoned == 0)
            {
                break;
            }
        }

        return received;
    }

    public async Task CompleteAsync(QueueMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            await _service.GetQueueClient(message.Queue).DeleteMessageAsync(message.Id, message.PopReceipt, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException exception) when (IsStaleReceipt(exception))
        {
            throw ReceiptExpired(message);
        }
    }

    public Task<QueueMessage> RenewAsync(QueueMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default) =>
        UpdateVisibilityAsync(message, visibilityTimeout, cancellationToken);

    public Task AbandonAsync(QueueMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default) =>
        UpdateVisibilityAsync(message, delay ?? TimeSpan.Zero, cancellationToken);

    private async Task<QueueMessage> UpdateVisibilityAsync(QueueMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var visibility = WholeSeconds(visibilityTimeout, 0);
        try
        {
            // Without a new body only the visibility changes, and the service hands out a new pop receipt.
            var receipt = await _service.GetQueueClient(message.Queue)
                .UpdateMessageAsync(message.Id, message.PopReceipt, (BinaryData?)null, visibility, cancellationToken).ConfigureAwait(false);
            return message with { PopReceipt = receipt.Value.PopReceipt };
        }
        catch (RequestFailedException exception) when (IsStaleReceipt(exception))
        {
            throw ReceiptExpired(message);
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        // Copy first, then delete: a crash in between duplicates the poison entry rather than losing the message.
        var poisonQueue = WorkQueueOptions.PoisonQueueOf(message.Queue);
        await EnqueueAsync(poisonQueue, message.Body, null, cancellationToken).ConfigureAwait(false);
        try
        {
            await CompleteAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (MessageReceiptExpiredException)
        {
            // Another receiver took it meanwhile; it will move it (or already did).
        }

        LogPoisoned(_logger, message.Id, message.Queue, message.DequeueCount, poisonQueue);
    }

    // 404: the message is gone (completed, or moved); 400: the pop receipt does not match the current one.
    private static bool IsStaleReceipt(RequestFailedException exception) =>
        exception.Status is 400 or 404 && exception.ErrorCode != "QueueNotFound";

    private static MessageReceiptExpiredException ReceiptExpired(QueueMessage message) =>
        new($"The receipt of message '{message.Id}' on queue '{message.Queue}' is no longer valid.");

    private static TimeSpan WholeSeconds(TimeSpan value, int minimum)
    {
        if (value < TimeSpan.Zero || value > MaxVisibilityTimeout)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A queue delay or visibility timeout must be between 0 and 7 days.");
        }

        // The service counts whole seconds (the SDK truncates); rounding up never makes a message visible early.
        return TimeSpan.FromSeconds(Math.Max(minimum, Math.Ceiling(value.TotalSeconds)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} on queue {Queue} was received {DequeueCount} times; moved to {PoisonQueue}")]
    private static partial void LogPoisoned(ILogger logger, string messageId, string queue, int dequeueCount, string poisonQueue);
}
