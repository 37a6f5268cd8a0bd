namespace Serverless.Functions.FunctionApp.Http;

/// <summary>
/// The HTTP functions, one per capability (each gets its own invocations, logs and metrics), and their routes.
/// </summary>
/// <remarks>
/// The Functions host tries function routes in the order it registered them, not by specificity, so the routes
/// must not overlap: each names the first path segments of its capability. Every route the standalone server
/// maps must fall under exactly one of them (a test checks the server's endpoints against <c>functions.metadata</c>):
/// a new top-level path segment is added here.
/// </remarks>
internal static class FunctionRoutes
{
    public const string PlatformApiFunction = "PlatformApi";
    public const string ProxyFunction = "Proxy";
    public const string ConnectFunction = "Connect";
    public const string InboundWebhooksFunction = "InboundWebhooks";
    public const string SyncJobsFunction = "SyncJobs";

    /// <summary>Health, the OpenAPI document and the resources of the platform API.</summary>
    public const string PlatformApiRoute =
        @"{resource:regex(^(health|openapi\.json|environment|api-token|integration|environment-integration|integrated-account|webhook|workflow|workflow-run)$)}/{*path}";

    /// <summary>Sync jobs and their runs: this function binds a Durable client, which starting a run needs.</summary>
    public const string SyncJobsRoute = @"{resource:regex(^(sync-job|sync-job-run)$)}/{*path}";

    /// <summary>Vendor calls through an account's integration, and custom actions.</summary>
    public const string ProxyRoute = "proxy/{*path}";

    /// <summary>The OAuth connect flow: link tokens, the redirect to the vendor and its callback.</summary>
    public const string ConnectRoute = "{step:regex(^(link-token|connect)$)}/{*path}";

    /// <summary>Webhooks sent by vendors to an account or an installation.</summary>
    public const string InboundWebhooksRoute = "{receiver:regex(^(integrated-account|environment-integration)-webhook$)}/{*path}";

    // The host refuses a method a function does not list; the platform's own routing answers 405 itself.
    public const string Get = "get", Post = "post", Put = "put", Patch = "patch", Delete = "delete", Head = "head", Options = "options";
}
