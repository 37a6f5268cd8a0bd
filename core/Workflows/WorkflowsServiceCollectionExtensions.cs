using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Core.Events;
using Serverless.Core.Storage;
using Serverless.Core.Triggers;
using Serverless.Core.Workflows.Running;
using Serverless.Core.Workflows.Runs;
using Serverless.Core.Workflows.Schedules;

namespace Serverless.Core.Workflows;

/// <summary>Registers the workflow services.</summary>
public static class WorkflowsServiceCollectionExtensions
{
    /// <summary>
    /// Workflows: repositories, validation, evaluation, the event subscriber that starts runs, the schedule timer and
    /// what the run orchestration's activity needs. Needs sync jobs (<c>AddSyncJobs</c>), the platform's repositories and
    /// an <see cref="IWorkflowOrchestrations"/> of the hosting mode.
    /// </summary>
    public static IServiceCollection AddWorkflows(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton(TimerTriggerClock.Key, (provider, _) => provider.GetRequiredService<TimeProvider>());
        services.TryAddSingleton<WorkflowRepository>();
        services.TryAddSingleton<WorkflowRunRepository>();
        services.TryAddSingleton(provider => new WorkflowScheduleRepository(
            provider.GetRequiredService<IDocumentStore>(), provider.GetRequiredKeyedService<TimeProvider>(TimerTriggerClock.Key)));
        services.TryAddSingleton<WorkflowValidator>();
        services.TryAddSingleton<WorkflowEvaluation>();
        services.TryAddSingleton<WorkflowTrigger>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEventSubscriber, WorkflowTrigger>(provider => provider.GetRequiredService<WorkflowTrigger>()));
        services.AddTimerTriggerHandler<WorkflowScheduleTimer>();
        return services;
    }
}
