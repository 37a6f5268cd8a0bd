using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Core.Workflows;
using Serverless.Core.Workflows.Running;

namespace Serverless.Functions.Workflows;

internal static class WorkflowsHostingExtensions
{
    /// <summary>
    /// Workflows (core) and the way this hosting mode starts their orchestrations: through the same Durable client
    /// source as sync runs (<c>AddSyncJobsHosting</c>), the in-process engine's or the invoking function's.
    /// </summary>
    public static IServiceCollection AddWorkflowsHosting(this IServiceCollection services)
    {
        services.AddWorkflows();
        services.TryAddSingleton<IWorkflowOrchestrations, DurableWorkflowOrchestrations>();
        return services;
    }
}
