using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Functions.Api.Bodies;

/// <summary>
/// A JSON answer written straight from its node tree into the response body (no intermediate string), with the same
/// escaping as <see cref="JsonNode.ToJsonString"/>; <c>null</c> writes <c>null</c>.
/// </summary>
internal sealed class JsonNodeResult(JsonNode? body, int statusCode = StatusCodes.Status200OK) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        await using (var writer = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { SkipValidation = true }))
        {
            if (body is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                body.WriteTo(writer);
            }
        }

        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}
