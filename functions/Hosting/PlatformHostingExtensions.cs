using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Core.Http;
using Serverless.Core.Triggers;
using Serverless.Functions.Hosting.Durable;

namespace Serverless.Functions.Hosting;

public static class PlatformHostingExtensions
{
    /// <summary>
    /// Listen address, settings, storage and the trigger seam. Outside the Functions host the same
    /// process also runs the queue pollers and timers.
    /// </summary>
    /// <exception cref="PlatformConfigurationException">A setting is missing or malformed.</exception>
    public static WebApplicationBuilder AddPlatformHosting(this WebApplicationBuilder builder)
    {
        var mode = HostingMode.FromConfiguration(builder.Configuration);
        ListenAddress.Configure(builder, mode);

        var services = builder.Services;
        services.AddSingleton(mode);
        var networkAccess = NetworkAccessOptions.FromConfiguration(builder.Configuration);
        services.AddSingleton(networkAccess);
        // The one outbound check (SPEC §11) behind every client that calls a target someone configured:
        // vendors, token endpoints, webhook receivers.
        services.TryAddSingleton(new OutboundTargetGuard(networkAccess.AllowPrivateNetworkTargets));
        services.TryAddSingleton(TimeProvider.System);
        services.AddPlatformStorage(builder.Configuration);

        services.TryAddSingleton<TriggerDispatcher>();
        services.AddSingleton<TimerSchedules>();
        services.AddOptions<QueuePollingOptions>();
        if (!mode.IsFunctionsHost)
        {
            services.AddHostedService<QueuePollingService>();
            services.AddHostedService<TimerService>();
            builder.AddDurableTaskEngine();
        }
        return builder;
    }

    /// <summary>Checks the registered trigger functions and, under the Functions host, maps their invocation routes.</summary>
    public static WebApplication MapPlatformHosting(this WebApplication app)
    {
        // Resolved here so that a bad function name or schedule stops startup with a clear message.
        var dispatcher = app.Services.GetRequiredService<TriggerDispatcher>();
        _ = app.Services.GetRequiredService<TimerSchedules>();
        if (app.Services.GetRequiredService<HostingMode>().IsFunctionsHost)
        {
            app.MapTriggerInvocations(dispatcher);
        }
        return app;
    }
}
