using Microsoft.Azure.Functions.Worker;
using static Serverless.Functions.FunctionApp.Http.FunctionRoutes;

namespace Serverless.Functions.FunctionApp.Http;

/// <summary>The HTTP-triggered functions: one per capability, each handing its requests to the platform's pipeline.</summary>
internal sealed class HttpFunctions(PlatformRequestPipeline pipeline)
{
    [Function(PlatformApiFunction)]
    public Task<IResult> PlatformApiAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, Get, Post, Put, Patch, Delete, Head, Options, Route = PlatformApiRoute)] HttpRequest request) =>
        pipeline.DispatchAsync(request.HttpContext);

    [Function(ProxyFunction)]
    public Task<IResult> ProxyAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, Get, Post, Put, Patch, Delete, Head, Options, Route = ProxyRoute)] HttpRequest request) =>
        pipeline.DispatchAsync(request.HttpContext);

    [Function(ConnectFunction)]
    public Task<IResult> ConnectAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, Get, Post, Put, Patch, Delete, Head, Options, Route = ConnectRoute)] HttpRequest request) =>
        pipeline.DispatchAsync(request.HttpContext);

    [Function(InboundWebhooksFunction)]
    public Task<IResult> InboundWebhooksAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, Get, Post, Put, Patch, Delete, Head, Options, Route = InboundWebhooksRoute)] HttpRequest request) =>
        pipeline.DispatchAsync(request.HttpContext);
}
