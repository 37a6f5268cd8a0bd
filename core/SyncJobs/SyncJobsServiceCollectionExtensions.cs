using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Core.SyncJobs.Running;
using Serverless.Core.SyncJobs.Runs;

namespace Serverless.Core.SyncJobs;

/// <summary>Registers the sync job services.</summary>
public static class SyncJobsServiceCollectionExtensions
{
    /// <summary>
    /// Sync jobs and runs: repositories, validation, <see cref="SyncJobRuns"/> (creating and stopping runs) and what the
    /// run orchestration's activities need. Needs the platform's repositories, the proxy engine, outbound webhooks and an
    /// <see cref="ISyncRunOrchestrations"/> of the hosting mode.
    /// </summary>
    public static IServiceCollection AddSyncJobs(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SyncJobRepository>();
        services.TryAddSingleton<SyncJobRunRepository>();
        services.TryAddSingleton<SyncJobValidator>();
        services.TryAddSingleton<SyncJobRuns>();
        services.TryAddSingleton<SyncVendorSource>();
        services.TryAddSingleton<SyncRunDelivery>();
        services.TryAddSingleton<SyncRunStopSignals>();
        services.TryAddSingleton(new SyncRunOptions());
        return services;
    }
}
