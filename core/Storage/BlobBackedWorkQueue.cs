using System.Buffers.Text;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Serverless.Core.Storage;

/// <summary>
/// Lets any <see cref="IWorkQueue"/> carry bodies over its size limit: such a body is written to the blob store
/// and the queue holds a short reference; receivers get the original body back and completing the message
/// deletes the blob.
/// </summary>
/// <remarks>
/// The reference travels in the message itself and the blob's name in the pop receipt handed to the caller,
/// so nothing is kept in memory: a message received in one process can be completed from its receipt alone.
/// A small body that happens to start with the reference marker is stored as a blob too, so that every queued
/// body starting with the marker is a reference.
/// </remarks>
public sealed partial class BlobBackedWorkQueue : IWorkQueue, IWorkQueueArrivals
{
    /// <summary>The start of a queued body that refers to a blob: the marker, then <c>&lt;container&gt;/&lt;blob name&gt;</c>.</summary>
    public const string ReferenceMarker = "@blob-ref/v1:";

    private const string ReceiptMarker = "blob-ref:";
    private static readonly Task NeverArrives = new TaskCompletionSource().Task;

    private readonly IWorkQueue _inner;
    private readonly IBlobStore _blobs;
    private readonly LargeMessageOptions _options;
    private readonly ILogger _logger;

    /// <summary>Wraps <paramref name="inner"/>, keeping bodies over the size limit of <paramref name="options"/> in <paramref name="blobs"/>.</summary>
    public BlobBackedWorkQueue(IWorkQueue inner, IBlobStore blobs, LargeMessageOptions? options = null, ILogger<BlobBackedWorkQueue>? logger = null)
    {
        _inner = inner;
        _blobs = blobs;
        _options = options ?? new LargeMessageOptions();
        _logger = logger ?? NullLogger<BlobBackedWorkQueue>.Instance;
        StorageNames.ValidateContainer(_options.Container, nameof(options));
        if (_options.MaxInlineBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.MaxInlineBytes, "MaxInlineBytes must be positive.");
        }
    }

    /// <summary>The inner queue's arrivals; a queue that cannot see them never signals (pollers fall back to their idle delay).</summary>
    public Task NextArrival(string queue) => _inner is IWorkQueueArrivals arrivals ? arrivals.NextArrival(queue) : NeverArrives;

    /// <summary>Whether a queued body is a reference to a blob rather than the body itself.</summary>
    public static bool IsReference(string body) => body.StartsWith(ReferenceMarker, StringComparison.Ordinal);

    /// <inheritdoc/>
    public async Task EnqueueAsync(string queue, string message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        StorageNames.ValidateQueue(queue);
        // A UTF-16 code unit never takes more than 3 UTF-8 bytes: most bodies are settled without counting.
        if ((message.Length <= _options.MaxInlineBytes / 3 || Encoding.UTF8.GetByteCount(message) <= _options.MaxInlineBytes) && !IsReference(message))
        {
            await _inner.EnqueueAsync(queue, message, delay, cancellationToken).ConfigureAwait(false);
            return;
        }

        var blobName = $"{queue}/{Guid.NewGuid():N}";
        await _blobs.PutAsync(_options.Container, blobName, Encoding.UTF8.GetBytes(message), ifNoneExists: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            await _inner.EnqueueAsync(queue, ReferenceMarker + _options.Container + "/" + blobName, delay, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await DeleteBlobQuietlyAsync(_options.Container, blobName).ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        var received = await _inner.ReceiveAsync(queue, maxMessages, visibilityTimeout, cancellationToken).ConfigureAwait(false);
        if (!received.Any(m => IsReference(m.Body)))
        {
            return received;
        }

        var resolved = new List<QueueMessage>(received.Count);
        foreach (var message in received)
        {
            var result = await ResolveAsync(message, cancellationToken).ConfigureAwait(false);
            if (result is not null)
            {
                resolved.Add(result);
            }
        }

        return resolved;
    }

    /// <summary>
    /// Turns a message as the queue holds it into the one a handler should see: for a reference, the blob's
    /// content as body and a receipt that remembers the blob. For hosts that receive messages themselves
    /// (the Azure Functions queue trigger). <c>null</c> when the referenced blob is gone; the message is then
    /// left to lapse and, after enough attempts, to move to the poison queue.
    /// </summary>
    public async Task<QueueMessage?> ResolveAsync(QueueMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!TryParseReference(message.Body, out var container, out var blobName))
        {
            return message;
        }

        var blob = await _blobs.GetAsync(container, blobName, cancellationToken).ConfigureAwait(false);
        if (blob is null)
        {
            LogMissingBlob(_logger, message.Queue, message.Id, container, blobName);
            return null;
        }

        return message with { Body = Encoding.UTF8.GetString(blob.Content.Span), PopReceipt = WrapReceipt(message.Body, message.PopReceipt) };
    }

    /// <summary>
    /// Deletes the blob a queued body refers to (nothing for an inline body). For hosts that complete messages
    /// themselves (the Functions queue trigger deletes the message after a 2xx answer): call it once the message
    /// was handled successfully.
    /// </summary>
    public async Task DeleteBodyAsync(string queuedBody, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queuedBody);
        if (TryParseReference(queuedBody, out var container, out var blobName))
        {
            await _blobs.DeleteAsync(container, blobName, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task CompleteAsync(QueueMessage message, CancellationToken cancellationToken = default)
    {
        var (inner, reference) = Unwrap(message);
        await _inner.CompleteAsync(inner, cancellationToken).ConfigureAwait(false);
        if (reference is not null && TryParseReference(reference, out var container, out var blobName))
        {
            await DeleteBlobQuietlyAsync(container, blobName).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<QueueMessage> RenewAsync(QueueMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        var (inner, reference) = Unwrap(message);
        var renewed = await _inner.RenewAsync(inner, visibilityTimeout, cancellationToken).ConfigureAwait(false);
        return reference is null
            ? renewed
            : renewed with { Body = message.Body, PopReceipt = WrapReceipt(reference, renewed.PopReceipt) };
    }

    /// <inheritdoc/>
    public Task AbandonAsync(QueueMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
        => _inner.AbandonAsync(Unwrap(message).Inner, delay, cancellationToken);

    /// <summary>The message as the inner queue knows it, and the blob reference it carries, if any.</summary>
    private static (QueueMessage Inner, string? Reference) Unwrap(QueueMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.PopReceipt.StartsWith(ReceiptMarker, StringComparison.Ordinal))
        {
            var encoded = message.PopReceipt.AsSpan(ReceiptMarker.Length);
            var separator = encoded.IndexOf(':');
            if (separator > 0)
            {
                var reference = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(encoded[..separator]));
                if (IsReference(reference))
                {
                    return (message with { Body = reference, PopReceipt = encoded[(separator + 1)..].ToString() }, reference);
                }
            }
        }

        // A message handed over raw (e.g. by the Functions host) still holds the reference as its body.
        return (message, IsReference(message.Body) ? message.Body : null);
    }

    // Base64url has no ':', so the first ':' after the marker ends the reference whatever the inner receipt holds.
    private static string WrapReceipt(string reference, string innerReceipt)
        => ReceiptMarker + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(reference)) + ":" + innerReceipt;

    private static bool TryParseReference(string body, out string container, out string blobName)
    {
        container = blobName = "";
        if (!IsReference(body))
        {
            return false;
        }

        var path = body.AsSpan(ReferenceMarker.Length);
        var slash = path.IndexOf('/');
        if (slash <= 0 || slash == path.Length - 1)
        {
            return false;
        }

        container = path[..slash].ToString();
        blobName = path[(slash + 1)..].ToString();
        return true;
    }

    private async Task DeleteBlobQuietlyAsync(string container, string blobName)
    {
        try
        {
            // Not the caller's token: the message is already gone, the blob should follow it.
            await _blobs.DeleteAsync(container, blobName, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogBlobDeleteFailed(_logger, ex, container, blobName);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Queue} message {MessageId} refers to blob {Container}/{BlobName}, which does not exist; leaving the message to lapse.")]
    private static partial void LogMissingBlob(ILogger logger, string queue, string messageId, string container, string blobName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the body blob {Container}/{BlobName} of a completed message; it is orphaned.")]
    private static partial void LogBlobDeleteFailed(ILogger logger, Exception exception, string container, string blobName);
}
