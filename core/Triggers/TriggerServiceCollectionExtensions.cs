using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Serverless.Core.Triggers;

public static class TriggerServiceCollectionExtensions
{
    /// <summary>Registers a queue-triggered function; its function folder must exist under <c>functions/FunctionApp/</c>.</summary>
    public static IServiceCollection AddQueueTriggerHandler<THandler>(this IServiceCollection services)
        where THandler : class, IQueueTriggerHandler
    {
        services.TryAddSingleton<TriggerDispatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IQueueTriggerHandler, THandler>());
        return services;
    }

    /// <summary>Registers a timer-triggered function; its function folder must exist under <c>functions/FunctionApp/</c>.</summary>
    public static IServiceCollection AddTimerTriggerHandler<THandler>(this IServiceCollection services)
        where THandler : class, ITimerTriggerHandler
    {
        services.TryAddSingleton<TriggerDispatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITimerTriggerHandler, THandler>());
        return services;
    }
}
