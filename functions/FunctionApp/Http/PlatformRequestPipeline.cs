namespace Serverless.Functions.FunctionApp.Http;

/// <summary>
/// The standalone server's request pipeline (<see cref="PlatformApplication.UsePlatformMiddleware"/> and
/// <see cref="PlatformApplication.MapPlatform"/>), built once over the worker's services, that every HTTP
/// function hands its request to: the same routes, filters and endpoint code answer in both start modes.
/// </summary>
internal sealed class PlatformRequestPipeline(IServiceProvider services)
{
    private readonly Lazy<RequestDelegate> _pipeline = new(() => Build(services));

    /// <summary>Serves one request; the response is written to <paramref name="http"/>.</summary>
    public async Task<IResult> DispatchAsync(HttpContext http)
    {
        // The worker routed the request to the function already: route it again among the platform's own endpoints.
        http.SetEndpoint(null);
        http.Request.RouteValues = [];
        await _pipeline.Value(http);
        // The response is written; nothing is left for the worker to execute.
        return Results.Empty;
    }

    private static RequestDelegate Build(IServiceProvider services)
    {
        var app = new ApplicationBuilder(services);
        app.UseRouting();
        app.UsePlatformMiddleware();
        app.UseEndpoints(endpoints => endpoints.MapPlatform());
        return app.Build();
    }
}
