using System.Text.Json.Nodes;
using Serverless.Core.Json;

namespace Serverless.Core.Errors;

/// <summary>
/// An expected failure, answered with the error envelope: <see cref="StatusCode"/>, a message naming the cause (with its
/// JSON path where there is one), optional <see cref="Details"/> (every problem of a body, the vendor's answer) and
/// <see cref="Headers"/> (Retry-After, rate limits, a redirect's Location). The one exception type that carries an
/// answer's status: core code that knows the answer (the proxy, actions, inbound webhooks, the resolver) throws it, and
/// the API's error middleware is the one place that writes it.
/// </summary>
public sealed class ApiException(int statusCode, string message, JsonObject? details = null, IReadOnlyDictionary<string, string>? headers = null)
    : Exception(message)
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    /// <summary>The HTTP status of the answer.</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>Structured detail for the envelope's <c>details</c>, or null.</summary>
    public JsonObject? Details { get; } = details;

    /// <summary>Response headers that go with the answer.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; } = headers ?? NoHeaders;

    /// <summary>A 400 with <paramref name="message"/>.</summary>
    public static ApiException BadRequest(string message) => new(400, message);

    /// <summary>A 400 listing every problem in <c>details.errors</c>; the message names the first ones.</summary>
    public static ApiException Invalid(IReadOnlyList<ValidationError> errors)
    {
        var list = new JsonArray(errors.Select(error => (JsonNode)new JsonObject { ["path"] = error.Path, ["message"] = error.Message }).ToArray());
        var summary = string.Join("; ", errors.Take(5).Select(error => $"{error.Path}: {error.Message}"));
        if (errors.Count > 5)
        {
            summary += $" (and {errors.Count - 5} more)";
        }

        return new ApiException(400, summary, new JsonObject { ["errors"] = list });
    }

    /// <summary>A 404 saying that <paramref name="what"/> <paramref name="id"/> was not found.</summary>
    public static ApiException NotFound(string what, Guid id) => new(404, $"{what} {id} not found");

    /// <summary>A 404 with <paramref name="message"/>.</summary>
    public static ApiException NotFound(string message) => new(404, message);

    /// <summary>A 409 with <paramref name="message"/>.</summary>
    public static ApiException Conflict(string message) => new(409, message);
}
