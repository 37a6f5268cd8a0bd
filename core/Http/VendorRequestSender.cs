using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Serverless.Core.Http;

/// <summary>
/// Sends an <see cref="OutboundRequest"/> on the process-wide pooled <see cref="HttpClient"/> and reads
/// the answer into a <see cref="VendorResponse"/>; no answer at all becomes a <see cref="VendorCallException"/>.
/// </summary>
public sealed class VendorRequestSender(HttpClient client)
{
    /// <exception cref="VendorCallException">Unreachable, or no answer within <paramref name="timeout"/>.</exception>
    public async Task<VendorResponse> SendAsync(OutboundRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var url = request.ResolveUrl();
        var uri = new Uri(url);
        using var message = new HttpRequestMessage(request.Method, uri);
        request.Headers.TryGetValue("Content-Type", out var contentType);
        message.Content = RequestBodyWriter.Write(request.Body, request.BodyFormat, contentType);
        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) continue;
            if (!message.Headers.TryAddWithoutValidation(name, value)) message.Content?.Headers.TryAddWithoutValidation(name, value);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var (bytes, length, pooled) = await ReadBodyAsync(response.Content, deadline.Token);
            // As received (not parsed into header value objects and formatted again); repeated values joined by ", ".
            var received = (Message: response.Headers.NonValidated, Content: response.Content.Headers.NonValidated);
            var headers = new Dictionary<string, string>(received.Message.Count + received.Content.Count, StringComparer.OrdinalIgnoreCase);
            foreach (var (name, values) in received.Message) headers[name] = values.ToString();
            foreach (var (name, values) in received.Content) headers[name] = values.ToString();
            var body = bytes.AsMemory(0, length);
            if (IsUtf8(response.Content.Headers.ContentType?.CharSet) && !StartsWithUtf16Bom(body.Span))
            {
                // The common case: parsed from the bytes as they came (a BOM dropped, as ReadAsStringAsync does), the text
                // decoded only if something reads it.
                var utf8 = body[(body.Span.StartsWith(Utf8Bom) ? Utf8Bom.Length : 0)..];
                // Invalid sequences read as U+FFFD in the JSON as in the text (the parser does not check strings' UTF-8).
                if (!Utf8.IsValid(utf8.Span)) utf8 = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(utf8.Span));
                return new VendorResponse((int)response.StatusCode, headers, utf8, ParseJson(utf8), pooled ? bytes : null);
            }

            // Another charset: decoded by the content's own rules.
            using var buffered = new ByteArrayContent(bytes, 0, length);
            buffered.Headers.ContentType = response.Content.Headers.ContentType;
            var text = await buffered.ReadAsStringAsync(deadline.Token);
            if (pooled) ArrayPool<byte>.Shared.Return(bytes);
            var encoded = Encoding.UTF8.GetBytes(text);
            return new VendorResponse((int)response.StatusCode, headers, encoded, ParseJson(encoded)) { Text = text };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw VendorCallException.NoAnswerWithin(uri.Authority, timeout);
        }
        catch (HttpRequestException exception)
        {
            throw VendorCallException.Unreachable(uri.Authority, exception);
        }
    }

    /// <summary>
    /// The body's bytes: with a <c>Content-Length</c> (not decompressed, which drops it) read into an array of the shared
    /// pool (given back by <see cref="VendorResponse.ReturnBuffers"/>), not into the buffer
    /// <see cref="HttpContent.ReadAsByteArrayAsync(CancellationToken)"/> grows and then copies. Without one, or over the
    /// client's buffer limit (to fail as it does there), or announcing more than <see cref="PooledBodyLimit"/> (no array that
    /// large before the bytes come), the content buffers it.
    /// </summary>
    /// <returns>The array, how much of it is the body, and whether it is the pool's.</returns>
    private async Task<(byte[] Bytes, int Length, bool Pooled)> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is not { } length || length > Math.Min(PooledBodyLimit, client.MaxResponseContentBufferSize))
        {
            var buffered = await content.ReadAsByteArrayAsync(cancellationToken);
            return (buffered, buffered.Length, false);
        }

        if (length == 0) return ([], 0, false);
        var bytes = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            // Fewer bytes than announced only where the protocol sends none (HEAD, 204, 304): a connection that ends early
            // fails in the stream.
            await using var stream = await content.ReadAsStreamAsync(cancellationToken);
            var read = await stream.ReadAtLeastAsync(bytes.AsMemory(0, (int)length), (int)length, throwOnEndOfStream: false, cancellationToken);
            return (bytes, read, true);
        }
        catch (Exception exception)
        {
            ArrayPool<byte>.Shared.Return(bytes);
            // As the content's own buffering reports a broken body: an HttpRequestException (the vendor is unreachable).
            if (exception is IOException) throw new HttpRequestException(HttpRequestError.ResponseEnded, "Error while copying content to a stream.", exception);
            throw;
        }
    }

    private const int PooledBodyLimit = 1 << 20;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static bool IsUtf8(string? charset) =>
        charset is null || charset.Trim('"').Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Trim('"').Equals("utf8", StringComparison.OrdinalIgnoreCase);

    private static bool StartsWithUtf16Bom(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF));

    private static JsonDocument? ParseJson(ReadOnlyMemory<byte> utf8)
    {
        var trimmed = utf8.Span.TrimStart(" \t\r\n"u8);
        return trimmed.Length == 0 || (trimmed[0] != (byte)'{' && trimmed[0] != (byte)'[' && trimmed[0] != (byte)'"') ? null : VendorJson.TryParseDocument(utf8);
    }
}
