using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Functions.Api.OpenApi;

namespace Serverless.Functions.Api.Auth;

/// <summary>
/// API token authentication, scope authorization and the failed-authentication limit, on ASP.NET Core's
/// own authentication, authorization and rate limiting: <see cref="AddApiTokenAuth"/> on the services,
/// <see cref="UseApiTokenAuth"/> on the app, <see cref="ApiTokenEndpointConventions.RequireApiToken"/> on endpoints.
/// </summary>
internal static class ApiTokenAuthExtensions
{
    /// <summary>The authorization policy of the API token endpoints: an authenticated token whose scope covers the endpoint.</summary>
    public const string PolicyName = "api-token";

    public static IServiceCollection AddApiTokenAuth(this IServiceCollection services)
    {
        services.AddAuthentication(ApiTokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(PolicyName, policy => policy.RequireAuthenticatedUser().AddRequirements(new ApiScopeRequirement()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, ApiScopeAuthorizationHandler>());
        // AddAuthorization registers its default result handler with TryAdd: this one wins whichever is called first.
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiTokenAuthorizationResultHandler>();
        services.AddRateLimiter(options => options.AddPolicy<string, FailedAuthenticationLimiter>(FailedAuthenticationLimiter.PolicyName));
        return services;
    }

    /// <summary>Authentication, then the failed-authentication limit (which needs to know who authenticated), then authorization.</summary>
    public static IApplicationBuilder UseApiTokenAuth(this IApplicationBuilder app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }
}

/// <summary>Endpoint conventions of the API token scheme.</summary>
internal static class ApiTokenEndpointConventions
{
    /// <summary>
    /// Requires an API token: authentication (401), the scope check (403; writes are <c>admin</c> only
    /// unless <see cref="AllowEnvironmentScope"/>) and the failed-authentication limit (429), which the OpenAPI
    /// document lists with the bearer requirement.
    /// </summary>
    public static TBuilder RequireApiToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiresApiTokenMetadata())
            .RequireAuthorization(ApiTokenAuthExtensions.PolicyName)
            .RequireRateLimiting(FailedAuthenticationLimiter.PolicyName)
            .ProducesErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests);

    /// <summary>Marks environment-level endpoints: an <c>environment</c> token may call every method of them (on its own environment's objects).</summary>
    public static TBuilder AllowEnvironmentScope<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiScopeMetadata(Serverless.Core.Platform.ApiTokenScope.Environment));
}
