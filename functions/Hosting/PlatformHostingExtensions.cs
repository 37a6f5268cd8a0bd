using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Serverless.Core.Http;
using Serverless.Core.Triggers;

namespace Serverless.Functions.Hosting;

internal static class PlatformHostingExtensions
{
    /// <summary>
    /// What both start modes share: settings, storage, the outbound-target guard and the trigger seam. Storage is chosen
    /// here, so its settings are read now; bound options (<see cref="NetworkAccessOptions"/>) are validated when the host starts.
    /// </summary>
    /// <exception cref="PlatformConfigurationException">A storage setting is missing or malformed.</exception>
    public static IServiceCollection AddPlatformHosting(this IServiceCollection services, IConfiguration configuration, HostingMode mode)
    {
        services.AddSingleton(mode);
        services.AddOptions<NetworkAccessOptions>().Bind(configuration).ValidateOnStart();
        // The one outbound check (SPEC §11) behind every client that calls a target someone configured:
        // vendors, token endpoints, webhook receivers.
        services.TryAddSingleton(provider => new OutboundTargetGuard(provider.GetRequiredService<IOptions<NetworkAccessOptions>>().Value.AllowPrivateNetworkTargets));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton(TimerTriggerClock.Key, (provider, _) => provider.GetRequiredService<TimeProvider>());
        services.AddPlatformStorage(configuration, mode);

        services.TryAddSingleton<TriggerDispatcher>();
        services.TryAddSingleton<TimerSchedules>();
        return services;
    }

    /// <summary>
    /// What only the standalone server has: its listen address, and the queue pollers and timers that stand in for
    /// the Functions host's triggers (they call the same handlers through the <see cref="TriggerDispatcher"/>).
    /// </summary>
    public static WebApplicationBuilder AddStandaloneHosting(this WebApplicationBuilder builder)
    {
        ShippedSettings.Add(builder.Configuration);
        ListenAddress.Configure(builder);
        var services = builder.Services;
        services.AddOptions<QueuePollingOptions>();
        services.AddHostedService<QueuePollingService>();
        services.AddHostedService<TimerService>();
        return builder;
    }

    /// <summary>Resolves the trigger registrations, so that a bad function name or schedule stops startup with a clear message.</summary>
    public static IServiceProvider ValidatePlatformTriggers(this IServiceProvider services)
    {
        _ = services.GetRequiredService<TriggerDispatcher>();
        _ = services.GetRequiredService<TimerSchedules>();
        return services;
    }
}
