using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Serverless.Functions.FunctionApp.Durable;
using static Serverless.Functions.FunctionApp.Http.FunctionRoutes;

namespace Serverless.Functions.FunctionApp.Http;

/// <summary>The HTTP-triggered functions: one per capability, each handing its requests to the platform's pipeline.</summary>
internal sealed class HttpFunctions(PlatformRequestPipeline pipeline, BoundDurableClient durable)
{
    [Function(PlatformApiFunction)]
    public Task<IResult> PlatformApiAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, Get, Post, Put, Patch, Delete, Head, Options, Route = PlatformApiRoute)] HttpRequest request) =>
        pipeline.DispatchAsync(request.HttpContext);

    /// <summary>The same pipeline, with the invocation's Durable client bound so that creating a run can start its orchestration.</summary>
    [Function(SyncJobsFunction)]
    public async Task<IResult> SyncJobsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, Get, Post, Put, Patch, Delete, Head, Options, Route = SyncJobsRoute)] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        using var bound = durable.Use(client);
        return await pipeline.DispatchAsync(request.HttpContext);
    }

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
