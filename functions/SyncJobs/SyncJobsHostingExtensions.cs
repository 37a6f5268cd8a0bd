using System.Globalization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Core.SyncJobs;
using Serverless.Core.SyncJobs.Running;
using Serverless.Core.SyncJobs.Runs;
using Serverless.Functions.FunctionApp.Durable;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.SyncJobs;

internal static class SyncJobsHostingExtensions
{
    /// <summary>Segment size settings of sync runs (docs/sync-jobs.md): pages and seconds per activity call.</summary>
    public const string SegmentPagesSetting = "SYNC_SEGMENT_PAGES";
    public const string SegmentSecondsSetting = "SYNC_SEGMENT_SECONDS";
    public const string CheckpointSecondsSetting = "SYNC_CHECKPOINT_SECONDS";

    /// <summary>
    /// Sync jobs (core) and the way this hosting mode starts their orchestrations: standalone through the in-process
    /// engine's client, under the Functions host through the client bound to the invoking function.
    /// </summary>
    public static IServiceCollection AddSyncJobsHosting(this IServiceCollection services, IConfiguration configuration, HostingMode mode)
    {
        services.AddSyncJobs();
        services.Replace(ServiceDescriptor.Singleton(_ => ReadOptions(configuration)));
        if (mode.IsFunctionsHost)
        {
            services.TryAddSingleton<BoundDurableClient>();
            services.TryAddSingleton<IDurableClientSource>(provider => provider.GetRequiredService<BoundDurableClient>());
        }
        else
        {
            services.TryAddSingleton<IDurableClientSource, EngineDurableClientSource>();
        }
        services.TryAddSingleton<ISyncRunOrchestrations, DurableSyncRunOrchestrations>();
        return services;
    }

    private static SyncRunOptions ReadOptions(IConfiguration configuration)
    {
        var options = new SyncRunOptions();
        if (PlatformSettings.Read(configuration, SegmentPagesSetting) is { Length: > 0 } pages)
        {
            options = int.TryParse(pages, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
                ? options with { SegmentPages = count }
                : throw new PlatformConfigurationException(SegmentPagesSetting, $"expected a positive integer, got '{pages}'.");
        }
        if (PlatformSettings.Read(configuration, SegmentSecondsSetting) is { Length: > 0 } seconds)
        {
            options = double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
                ? options with { SegmentDuration = TimeSpan.FromSeconds(value) }
                : throw new PlatformConfigurationException(SegmentSecondsSetting, $"expected a positive number of seconds, got '{seconds}'.");
        }
        if (PlatformSettings.Read(configuration, CheckpointSecondsSetting) is { Length: > 0 } interval)
        {
            options = double.TryParse(interval, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
                ? options with { CheckpointInterval = TimeSpan.FromSeconds(value) }
                : throw new PlatformConfigurationException(CheckpointSecondsSetting, $"expected a number of seconds (0 or more), got '{interval}'.");
        }
        return options;
    }
}
