using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Serverless.Core.Triggers;

/// <summary>Registers queue- and timer-triggered functions.</summary>
public static class TriggerServiceCollectionExtensions
{
    /// <summary>Registers a queue-triggered function; the Function App needs its <c>[Function]</c> with a <c>[QueueTrigger]</c> of the same name and queue (functions/FunctionApp/).</summary>
    public static IServiceCollection AddQueueTriggerHandler<THandler>(this IServiceCollection services)
        where THandler : class, IQueueTriggerHandler
    {
        services.TryAddSingleton<TriggerDispatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IQueueTriggerHandler, THandler>());
        return services;
    }

    /// <summary>Registers a timer-triggered function; the Function App needs its <c>[Function]</c> with a <c>[TimerTrigger]</c> of the same name and schedule (functions/FunctionApp/).</summary>
    public static IServiceCollection AddTimerTriggerHandler<THandler>(this IServiceCollection services)
        where THandler : class, ITimerTriggerHandler
    {
        services.TryAddSingleton<TriggerDispatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITimerTriggerHandler, THandler>());
        return services;
    }
}
