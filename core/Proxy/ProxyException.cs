using System.Text.Json.Nodes;

namespace Serverless.Core.Proxy;

/// <summary>A proxy call that ends in an error answer: <see cref="StatusCode"/>, a message naming the cause, optional headers.</summary>
public sealed class ProxyException(int statusCode, string message, JsonObject? details = null, IReadOnlyDictionary<string, string>? headers = null)
    : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public JsonObject? Details { get; } = details;

    public IReadOnlyDictionary<string, string> Headers { get; } = headers ?? new Dictionary<string, string>();
}
