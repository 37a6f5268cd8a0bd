using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Serverless.Core.Config;
using Serverless.Core.Events;
using Serverless.Core.Json;
using Serverless.Core.Jsonata;
using Serverless.Core.Platform;
using Serverless.Functions.Api.Auth;
using Serverless.Functions.Api.Bodies;
using Serverless.Functions.Api.Endpoints;
using Serverless.Functions.Api.OpenApi;

namespace Serverless.Functions.Api;

/// <summary>Registration of the platform API: <c>AddPlatformApi</c> on the services, <c>MapPlatformApi</c> on the app.</summary>
internal static class PlatformApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers the API's services. Storage (IDocumentStore, ISecretStore), the event publisher (<c>AddOutboundWebhooks</c>)
    /// and the account lifecycle (<c>AddProxyApi</c>) are registered by their own parts.
    /// Settings: <c>MAX_REQUEST_BODY_BYTES</c>, <c>ADMIN_API_TOKEN</c>, <c>AUTH_FAILURE_LIMIT</c>, <c>AUTH_FAILURE_WINDOW_SECONDS</c>
    /// (the outbound-target setting is the hosting layer's <c>NetworkAccessOptions</c>).
    /// </summary>
    public static IServiceCollection AddPlatformApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PlatformApiOptions>().Bind(configuration)
            .Validate(options => options.MaxRequestBodyBytes > 0, Problem(PlatformApiOptions.MaxRequestBodyBytesSetting, "expected a positive number of bytes"))
            .Validate(options => options.AuthFailureLimit > 0, Problem(PlatformApiOptions.AuthFailureLimitSetting, "expected a positive number of failures"))
            .Validate(options => options.AuthFailureWindowSeconds > 0, Problem(PlatformApiOptions.AuthFailureWindowSecondsSetting, "expected a positive number of seconds"))
            .ValidateOnStart();
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.Converters.Add(new UtcTimestampJsonConverter());
        });

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ObjectLocator>();
        services.TryAddSingleton<EnvironmentRepository>();
        services.TryAddSingleton<ApiTokenRepository>();
        services.TryAddSingleton<ConfigSecretSealer>();
        // Stored configs are capped at the body limit: a merge cannot grow one past what could be sent whole.
        services.TryAddSingleton(provider => new StoredConfigLimit(provider.GetRequiredService<IOptions<PlatformApiOptions>>().Value.MaxRequestBodyBytes));
        services.TryAddSingleton<IntegrationRepository>();
        services.TryAddSingleton<TeamRepository>();
        services.TryAddSingleton<InstalledEnvironments>();
        services.TryAddSingleton<EnvironmentIntegrationRepository>();
        services.TryAddSingleton<IntegratedAccountRepository>();
        services.TryAddSingleton<WebhookRepository>();
        services.TryAddSingleton<StoredEventLog>();
        services.TryAddSingleton(JsonataPlatformFunctions.Shared);
        services.TryAddSingleton<JsonataExpressionCache>();
        services.TryAddSingleton<IJsonataSyntaxChecker, JsonataSyntaxChecker>();
        services.AddIntegrationConfig();
        services.TryAddSingleton<RequestBodyReader>();
        services.AddHostedService<ApiTokenBootstrap>();
        services.AddApiTokenAuth();

        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<ApiTokenSecurityTransformer>();
            options.AddOperationTransformer<ApiTokenSecurityTransformer>();
        });
        return services;
    }

    private static string Problem(string setting, string expected) => $"Configuration error in {setting}: {expected}.";
}

internal static class PlatformApiEndpointExtensions
{
    /// <summary>
    /// Maps every API endpoint behind API token auth (team-level writes need an <c>admin</c> token unless
    /// an endpoint is marked environment-level) and <c>GET /openapi.json</c> (the error envelope and the auth
    /// middleware are <c>PlatformApplication.UsePlatformMiddleware</c>).
    /// </summary>
    public static IEndpointRouteBuilder MapPlatformApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi.json");

        var api = app.MapGroup("").RequireApiToken()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        EnvironmentEndpoints.Map(api);
        ApiTokenEndpoints.Map(api);
        IntegrationEndpoints.Map(api);
        EnvironmentIntegrationEndpoints.Map(api);
        IntegratedAccountEndpoints.Map(api);
        WebhookEndpoints.Map(api);
        SyncJobEndpoints.Map(api);
        SyncJobRunEndpoints.Map(api);
        WorkflowEndpoints.Map(api);
        WorkflowRunEndpoints.Map(api);
        return app;
    }
}
