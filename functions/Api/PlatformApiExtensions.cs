using System.Globalization;
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
using Serverless.Functions.Api.Errors;
using Serverless.Functions.Api.OpenApi;

namespace Serverless.Functions.Api;

/// <summary>Registration of the platform API: <c>AddPlatformApi</c> on the services, <c>MapPlatformApi</c> on the app.</summary>
public static class PlatformApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers the API's services. Storage (IDocumentStore, ISecretStore) must be registered separately.
    /// Settings: <c>MAX_REQUEST_BODY_BYTES</c>, <c>ADMIN_API_TOKEN</c>, <c>AUTH_FAILURE_LIMIT</c>, <c>AUTH_FAILURE_WINDOW_SECONDS</c>
    /// (the outbound-target setting is the hosting layer's <c>NetworkAccessOptions</c>).
    /// </summary>
    public static IServiceCollection AddPlatformApi(this IServiceCollection services, IConfiguration configuration)
    {
        // Read when first resolved, so that settings added after this call (tests, hosting) count.
        services.AddOptions<PlatformApiOptions>().Configure(options => Bind(options, configuration));
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
        services.TryAddSingleton<IEventPublisher>(provider => provider.GetRequiredService<StoredEventLog>());
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

    private static void Bind(PlatformApiOptions options, IConfiguration configuration)
    {
        if (long.TryParse(configuration["MAX_REQUEST_BODY_BYTES"], NumberStyles.None, CultureInfo.InvariantCulture, out var maxBytes) && maxBytes > 0)
        {
            options.MaxRequestBodyBytes = maxBytes;
        }

        options.AdminApiToken = configuration["ADMIN_API_TOKEN"] is { Length: > 0 } token ? token : options.AdminApiToken;
        if (int.TryParse(configuration["AUTH_FAILURE_LIMIT"], NumberStyles.None, CultureInfo.InvariantCulture, out var failures) && failures > 0)
        {
            options.AuthFailureLimit = failures;
        }

        if (int.TryParse(configuration["AUTH_FAILURE_WINDOW_SECONDS"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            options.AuthFailureWindow = TimeSpan.FromSeconds(seconds);
        }
    }
}

public static class PlatformApiEndpointExtensions
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
            .ProducesProblemEnvelope(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status429TooManyRequests);
        EnvironmentEndpoints.Map(api);
        ApiTokenEndpoints.Map(api);
        IntegrationEndpoints.Map(api);
        EnvironmentIntegrationEndpoints.Map(api);
        IntegratedAccountEndpoints.Map(api);
        WebhookEndpoints.Map(api);
        return app;
    }

    private static RouteGroupBuilder ProducesProblemEnvelope(this RouteGroupBuilder group, params int[] statusCodes)
    {
        foreach (var statusCode in statusCodes)
        {
            group.WithMetadata(new ProducesResponseTypeMetadata(statusCode, typeof(ErrorEnvelope), ["application/json"]));
        }

        return group;
    }
}
