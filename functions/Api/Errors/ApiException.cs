using Serverless.Core.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Platform;

namespace Serverless.Functions.Api.Errors;

/// <summary>An expected failure answered with the error envelope and <see cref="StatusCode"/>.</summary>
public sealed class ApiException(int statusCode, string message, JsonObject? details = null) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public JsonObject? Details { get; } = details;

    public static ApiException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    /// <summary>A 400 listing every problem in <c>details.errors</c>; the message names the first ones.</summary>
    public static ApiException Invalid(IReadOnlyList<ValidationError> errors)
    {
        var list = new JsonArray(errors.Select(error => (JsonNode)new JsonObject { ["path"] = error.Path, ["message"] = error.Message }).ToArray());
        var summary = string.Join("; ", errors.Take(5).Select(error => $"{error.Path}: {error.Message}"));
        if (errors.Count > 5)
        {
            summary += $" (and {errors.Count - 5} more)";
        }

        return new ApiException(StatusCodes.Status400BadRequest, summary, new JsonObject { ["errors"] = list });
    }

    public static ApiException NotFound(string what, Guid id) => new(StatusCodes.Status404NotFound, $"{what} {id} not found");

    public static ApiException Conflict(string message) => new(StatusCodes.Status409Conflict, message);
}
