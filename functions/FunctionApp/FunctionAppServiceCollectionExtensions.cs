using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Functions.FunctionApp.Durable;
using Serverless.Functions.FunctionApp.Http;
using Serverless.Functions.FunctionApp.Triggers;

namespace Serverless.Functions.FunctionApp;

internal static class FunctionAppServiceCollectionExtensions
{
    /// <summary>
    /// What the Function App's <c>[Function]</c> methods need besides the platform itself: the request pipeline the
    /// HTTP functions dispatch into and the runners that hand queue messages and timer firings to the trigger seam, and the
    /// holder of the Durable client a function binds (<see cref="BoundDurableClient"/>).
    /// </summary>
    public static IServiceCollection AddFunctionApp(this IServiceCollection services)
    {
        services.AddSingleton<PlatformRequestPipeline>();
        services.AddSingleton<QueueFunctionRunner>();
        services.AddSingleton<TimerFunctionRunner>();
        services.TryAddSingleton<BoundDurableClient>();
        return services;
    }
}
