using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Azure.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Core.Storage;

namespace Serverless.Functions.Storage.Azure;

/// <summary>
/// <see cref="IWorkQueue"/> on Azure Queue storage. Message text is sent as plain XML-escaped text, the way
/// the Functions host reads it with <c>messageEncoding: none</c>. Queues are created on first use; a message
/// received more than <see cref="WorkQueueOptions.MaxDequeueCount"/> times moves to <c>&lt;queue&gt;-poison</c>.
/// </summary>
public sealed partial class AzureQueueWorkQueue : IWorkQueue
{
    private const int MaxMessagesPerRequest = 32;
    private static readonly TimeSpan MaxVisibilityTimeout = TimeSpan.FromDays(7);

    private readonly StorageRestClient _client;
    private readonly int _maxDequeueCount;
    private readonly ILogger _logger;
    private readonly CreatedOnFirstUse _queues;

    public AzureQueueWorkQueue(StorageRestClient client, WorkQueueOptions options, ILogger<AzureQueueWorkQueue>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDequeueCount, 1);
        _client = client;
        _maxDequeueCount = options.MaxDequeueCount;
        _logger = logger ?? NullLogger<AzureQueueWorkQueue>.Instance;
        _queues = new CreatedOnFirstUse(CreateQueueAsync);
    }

    public async Task EnqueueAsync(string queue, string message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateQueue(queue);
        ArgumentNullException.ThrowIfNull(message);
        var body = MessageBody(message);
        // messagettl=-1: work must not silently expire after the default 7 days.
        var path = $"{Uri.EscapeDataString(queue)}/messages?messagettl=-1&visibilitytimeout={Seconds(delay ?? TimeSpan.Zero, 0)}";
        await _client.SendToResourceAsync(
            _queues,
            queue,
            () =>
            {
                var request = _client.CreateMessage(RequestMethod.Post, path);
                request.Request.Headers.SetValue("Content-Type", "application/xml");
                request.Request.Content = RequestContent.Create(body);
                return request;
            },
            response => response.Status switch
            {
                201 => true,
                413 => throw new ArgumentException($"Message for queue '{queue}' is {body.Length} bytes as XML, over Azure Queue storage's 64 KiB limit.", nameof(message)),
                _ => throw StorageRestClient.Unexpected(response),
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateQueue(queue);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, MaxMessagesPerRequest);
        var received = new List<QueueMessage>();
        var visibility = Seconds(visibilityTimeout, 1);
        // Poisoned messages are moved aside and not counted, so ask again for the places they took.
        while (received.Count < maxMessages)
        {
            var count = Math.Min(MaxMessagesPerRequest, maxMessages - received.Count);
            var path = $"{Uri.EscapeDataString(queue)}/messages?numofmessages={count}&visibilitytimeout={visibility}";
            var batch = await _client.SendToResourceAsync(
                _queues,
                queue,
                () => _client.CreateMessage(RequestMethod.Get, path),
                response => response.Status == 200 ? ParseMessages(queue, response.Content.ToString()) : throw StorageRestClient.Unexpected(response),
                cancellationToken).ConfigureAwait(false);
            var poisoned = 0;
            foreach (var message in batch)
            {
                if (message.DequeueCount > _maxDequeueCount)
                {
                    await MoveToPoisonAsync(message, cancellationToken).ConfigureAwait(false);
                    poisoned++;
                }
                else
                {
                    received.Add(message);
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
        using var request = _client.CreateMessage(RequestMethod.Delete, MessagePath(message));
        var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Status != 204)
        {
            throw ReceiptFailure(message, response);
        }
    }

    public Task<QueueMessage> RenewAsync(QueueMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default) =>
        UpdateVisibilityAsync(message, visibilityTimeout, cancellationToken);

    public Task AbandonAsync(QueueMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default) =>
        UpdateVisibilityAsync(message, delay ?? TimeSpan.Zero, cancellationToken);

    private async Task<QueueMessage> UpdateVisibilityAsync(QueueMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        // Update Message without a body changes only the visibility and hands out a new pop receipt.
        var path = $"{MessagePath(message)}&visibilitytimeout={Seconds(visibilityTimeout, 0)}";
        using var request = _client.CreateMessage(RequestMethod.Put, path);
        var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Status != 204 || !response.Headers.TryGetValue("x-ms-popreceipt", out var popReceipt) || popReceipt is null)
        {
            throw ReceiptFailure(message, response);
        }

        return message with { PopReceipt = popReceipt };
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

    private async Task CreateQueueAsync(string queue)
    {
        using var request = _client.CreateMessage(RequestMethod.Put, Uri.EscapeDataString(queue));
        var response = await _client.SendAsync(request, CancellationToken.None).ConfigureAwait(false);
        if (response.Status is not (201 or 204 or 409))
        {
            throw StorageRestClient.Unexpected(response);
        }
    }

    private static Exception ReceiptFailure(QueueMessage message, global::Azure.Response response) => response.Status switch
    {
        // 404: the message is gone (completed, or moved); 400: the pop receipt does not match the current one.
        400 or 404 => new MessageReceiptExpiredException($"The receipt of message '{message.Id}' on queue '{message.Queue}' is no longer valid."),
        _ => StorageRestClient.Unexpected(response),
    };

    private static string MessagePath(QueueMessage message) =>
        $"{Uri.EscapeDataString(message.Queue)}/messages/{Uri.EscapeDataString(message.Id)}?popreceipt={Uri.EscapeDataString(message.PopReceipt)}";

    private static string Seconds(TimeSpan value, int minimum)
    {
        if (value < TimeSpan.Zero || value > MaxVisibilityTimeout)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A queue delay or visibility timeout must be between 0 and 7 days.");
        }

        // The service counts whole seconds; rounding up never makes a message visible early.
        return Math.Max(minimum, (int)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }

    private static byte[] MessageBody(string message)
    {
        var text = new StringBuilder(message.Length + 64);
        try
        {
            using (var writer = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true, CheckCharacters = true }))
            {
                writer.WriteStartElement("QueueMessage");
                writer.WriteElementString("MessageText", message);
                writer.WriteEndElement();
            }
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"A queue message must be valid XML text: {exception.Message}", nameof(message), exception);
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static List<QueueMessage> ParseMessages(string queue, string xml)
    {
        var messages = new List<QueueMessage>();
        var document = XDocument.Parse(xml);
        foreach (var element in document.Root!.Elements("QueueMessage"))
        {
            messages.Add(new QueueMessage(
                queue,
                (string)element.Element("MessageId")!,
                (string)element.Element("PopReceipt")!,
                (string?)element.Element("MessageText") ?? string.Empty,
                int.Parse((string)element.Element("DequeueCount")!, CultureInfo.InvariantCulture),
                DateTimeOffset.Parse((string)element.Element("InsertionTime")!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)));
        }

        return messages;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} on queue {Queue} was received {DequeueCount} times; moved to {PoisonQueue}")]
    private static partial void LogPoisoned(ILogger logger, string messageId, string queue, int dequeueCount, string poisonQueue);
}
