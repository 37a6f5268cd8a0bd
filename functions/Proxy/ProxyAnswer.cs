using System.Text.Json;
using Serverless.Core.Proxy;

namespace Serverless.Functions.Proxy;

/// <summary>
/// A <c>/proxy</c> call's answer: the result's status and headers, and its body written straight into the response
/// (<see cref="ProxyResult.WriteBody"/>: no intermediate string, the vendor's records copied as they came).
/// </summary>
internal sealed class ProxyAnswer(ProxyResult result) : IResult
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = result.StatusCode;
        foreach (var (name, value) in result.Headers) response.Headers[name] = value;
        response.ContentType = "application/json";
        await using (var writer = new Utf8JsonWriter(response.BodyWriter, WriterOptions))
        {
            result.WriteBody(writer);
        }

        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}
