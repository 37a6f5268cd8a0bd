using Serverless.Core.Proxy;

namespace Serverless.Functions.Proxy;

/// <summary>
/// A <c>/proxy</c> call's answer: the result's status and headers, and its body written straight into the response
/// (<see cref="ProxyResult.WriteBody"/>: no intermediate string, the vendor's records copied as they came).
/// </summary>
internal sealed class ProxyAnswer(ProxyResult result) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = result.StatusCode;
        foreach (var (name, value) in result.Headers) response.Headers[name] = value;
        response.ContentType = "application/json";
        result.WriteBody(response.BodyWriter);
        // Written: nothing reads the vendor's answer any more.
        result.ReturnBuffers();
        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}
