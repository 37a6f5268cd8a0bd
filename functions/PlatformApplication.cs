using Serverless.Functions.Api;
using Serverless.Functions.Api.Auth;
using Serverless.Functions.Api.Errors;
using Serverless.Functions.Api.OpenApi;
using Serverless.Functions.Hosting;
using Serverless.Functions.Proxy;
using Serverless.Functions.SyncJobs;
using Serverless.Functions.Webhooks.Inbound;
using Serverless.Functions.Webhooks.Outbound;
using Serverless.Functions.Workflows;

namespace Serverless.Functions;

/// <summary>
/// The platform as both start modes run it: the same services, the same middleware and the same routes, whether
/// the standalone server maps them itself or the Function App's HTTP functions dispatch into them.
/// </summary>
internal static class PlatformApplication
{
    /// <summary>
    /// Every service of the platform: hosting (settings, storage, trigger seam), the API, the proxy and actions, webhooks, sync jobs, workflows.
    /// Each service is registered once, by the part that owns it, so the parts may be added in any order.
    /// </summary>
    /// <exception cref="PlatformConfigurationException">A storage setting is missing or malformed (bound settings stop the host's start instead).</exception>
    public static IServiceCollection AddPlatform(this IServiceCollection services, IConfiguration configuration, HostingMode mode)
    {
        services.AddPlatformHosting(configuration, mode);
        services.AddPlatformApi(configuration);
        services.AddProxyApi();
        services.AddInboundWebhooks();
        services.AddOutboundWebhooks();
        services.AddSyncJobsHosting(configuration, mode);
        services.AddWorkflowsHosting();
        // GET /health answers from these; parts that can be unhealthy add their checks (the Durable Task engine does).
        services.AddHealthChecks();
        return services;
    }

    /// <summary>
    /// The middleware in front of every endpoint (after routing): the error envelope, then API token
    /// authentication, the failed-authentication limit and scope authorization.
    /// </summary>
    public static IApplicationBuilder UsePlatformMiddleware(this IApplicationBuilder app) =>
        app.UseMiddleware<ApiErrorMiddleware>().UseApiTokenAuth();

    /// <summary>Every route of the platform.</summary>
    public static IEndpointRouteBuilder MapPlatform(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", HealthEndpoint.GetAsync).WithTags("health")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status503ServiceUnavailable, contentType: "application/json")
            .Describe("getHealth", "Check that the platform answers (no token needed); 503 names the unhealthy parts");
        endpoints.MapPlatformApi();
        endpoints.MapProxyApi();
        endpoints.MapInboundWebhooks();
        endpoints.MapOutboundWebhooks();
        return endpoints;
    }
}
