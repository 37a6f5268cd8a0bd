using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.WebUtilities;

namespace Serverless.Functions.Api.Errors;

/// <summary>The body of every error answer: <c>{"statusCode","error","message","details"}</c>.</summary>
internal sealed record ErrorEnvelope(
    [property: JsonPropertyName("statusCode")] int StatusCode,
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("details")] JsonObject Details)
{
    public static ErrorEnvelope For(int statusCode, string message, JsonObject? details = null) =>
        new(statusCode, ReasonPhrases.GetReasonPhrase(statusCode) is { Length: > 0 } phrase ? phrase : "Error", message, details ?? []);

    public static async Task WriteAsync(HttpResponse response, int statusCode, string message, JsonObject? details = null)
    {
        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(response.Body, For(statusCode, message, details), ErrorEnvelopeJson.Options, response.HttpContext.RequestAborted);
    }
}

internal static class ErrorEnvelopeJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
