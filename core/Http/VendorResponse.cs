using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Core.Http;

/// <summary>A vendor's answer: status, headers (names case-insensitive, repeated values joined by <c>", "</c>), body.</summary>
public sealed record VendorResponse
{
    // The body as it came (UTF-8) and, when it is JSON, its document: the answer's records are passed on from them
    // without copying (Received), and the text is only decoded when something reads it.
    private readonly ReadOnlyMemory<byte> _utf8;
    private readonly JsonNode? _body;
    private readonly JsonElement? _received;
    private readonly Buffers? _buffers;
    private string? _text;

    /// <param name="body">The parsed JSON body; <c>null</c> when empty or not JSON (then see <paramref name="text"/>).</param>
    /// <param name="text">The body as text.</param>
    public VendorResponse(int statusCode, IReadOnlyDictionary<string, string> headers, JsonNode? body, string text)
    {
        StatusCode = statusCode;
        Headers = headers;
        _body = body;
        _text = text;
    }

    /// <param name="utf8">The body, valid UTF-8; it must not change afterwards.</param>
    /// <param name="json">The body's JSON document (<see cref="VendorJson.TryParseDocument"/>), or <c>null</c> when it is not JSON.</param>
    /// <param name="pooledBody">The array from <see cref="ArrayPool{T}.Shared"/> that holds <paramref name="utf8"/>, if it is one.</param>
    internal VendorResponse(int statusCode, IReadOnlyDictionary<string, string> headers, ReadOnlyMemory<byte> utf8, JsonDocument? json, byte[]? pooledBody = null)
    {
        StatusCode = statusCode;
        Headers = headers;
        _utf8 = utf8;
        _received = json?.RootElement;
        _body = json is { } document ? VendorJson.NodeOf(document.RootElement) : null;
        _buffers = json is null && pooledBody is null ? null : new Buffers(json, pooledBody);
    }

    /// <summary>The HTTP status.</summary>
    public int StatusCode { get; init; }

    /// <summary>The response and content headers.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>The parsed JSON body; <c>null</c> when empty or not JSON (then see <see cref="Text"/>).</summary>
    public JsonNode? Body
    {
        get => _body;
        init
        {
            // Another body than the one received: the received document no longer describes it.
            _body = value;
            _received = null;
        }
    }

    /// <summary>The body as text.</summary>
    public string Text
    {
        get => _text ??= Encoding.UTF8.GetString(_utf8.Span);
        init => _text = value;
    }

    /// <summary>Whether the status is 2xx.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>The header's value, or null when absent; the name is case-insensitive.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// The body's value at the dotted <paramref name="path"/> as it was received, when the body is the JSON the vendor sent
    /// (its raw bytes: <see cref="System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value"/>); <c>null</c> when the body
    /// is not JSON, was replaced (an error expression's result) or has nothing at the path.
    /// </summary>
    internal JsonElement? Received(string? path) => _received is { } root ? DottedPath.Read(root, path) : null;

    /// <summary>The body's value at the dotted <paramref name="path"/> as a tree of its own (no parent); <c>null</c> when missing.</summary>
    internal JsonNode? Detached(string? path) =>
        _received is { } root ? (DottedPath.Read(root, path) is { } value ? VendorJson.NodeOf(value) : null) : DottedPath.Read(_body, path)?.DeepClone();

    /// <summary>
    /// Gives the pooled memory the received body is read from back (the document's metadata, the body's array), for a
    /// caller that is done with this answer and everything made from it (<see cref="Body"/>, <see cref="Text"/> excepted
    /// once read, records, values at paths): reading those afterwards throws <see cref="ObjectDisposedException"/> or
    /// sees other bytes. Without it the garbage collector takes the memory; the pool then allocates anew.
    /// </summary>
    internal void ReturnBuffers() => _buffers?.Return();

    /// <summary>The <c>{status, headers, data}</c> object that error and rate-limit expressions see.</summary>
    public JsonObject ToExpressionInput()
    {
        var headers = new JsonObject();
        foreach (var (name, value) in Headers) headers[name.ToLowerInvariant()] = value;
        return new JsonObject
        {
            ["status"] = StatusCode,
            ["headers"] = headers,
            ["data"] = Detached(null) ?? (Text.Length > 0 ? JsonValue.Create(Text) : null),
        };
    }

    /// <summary>What <see cref="ReturnBuffers"/> gives back, once (copies made by <c>with</c> share it).</summary>
    private sealed class Buffers(JsonDocument? document, byte[]? pooledBody)
    {
        private int _returned;

        public void Return()
        {
            if (Interlocked.Exchange(ref _returned, 1) != 0) return;
            document?.Dispose();
            if (pooledBody is not null) ArrayPool<byte>.Shared.Return(pooledBody);
        }
    }
}
