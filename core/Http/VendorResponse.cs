using System.Text.Json.Nodes;

namespace Serverless.Core.Http;

/// <summary>A vendor's answer: status, headers (names case-insensitive, repeated values joined by <c>", "</c>), body.</summary>
/// <param name="Body">The parsed JSON body; <c>null</c> when empty or not JSON (then see <paramref name="Text"/>).</param>
public sealed record VendorResponse(int StatusCode, IReadOnlyDictionary<string, string> Headers, JsonNode? Body, string Text)
{
    /// <summary>Whether the status is 2xx.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>The header's value, or null when absent; the name is case-insensitive.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The <c>{status, headers, data}</c> object that error and rate-limit expressions see.</summary>
    public JsonObject ToExpressionInput()
    {
        var headers = new JsonObject();
        foreach (var (name, value) in Headers) headers[name.ToLowerInvariant()] = value;
        return new JsonObject
        {
            ["status"] = StatusCode,
            ["headers"] = headers,
            ["data"] = Body?.DeepClone() ?? (Text.Length > 0 ? JsonValue.Create(Text) : null),
        };
    }
}
