using Serverless.Functions.FunctionApp.Http;
using Serverless.Functions.FunctionApp.Triggers;

namespace Serverless.Functions.FunctionApp;

internal static class FunctionAppServiceCollectionExtensions
{
    /// <summary>
    /// What the Function App's <c>[Function]</c> methods need besides the platform itself: the request pipeline the
    /// HTTP functions dispatch into and the runners that hand queue messages and timer firings to the trigger seam.
    /// </summary>
    public static IServiceCollection AddFunctionApp(this IServiceCollection services)
    {
        services.AddSingleton<PlatformRequestPipeline>();
        services.AddSingleton<QueueFunctionRunner>();
        services.AddSingleton<TimerFunctionRunner>();
        return services;
    }
}
