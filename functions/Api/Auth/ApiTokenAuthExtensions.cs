using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Functions.Api.OpenApi;

namespace Serverless.Functions.Api.Auth;

/// <summary>
/// API token authentication, the failed-authentication limit and scope authorization (<see cref="ApiTokenMiddleware"/>):
/// <see cref="AddApiTokenAuth"/> on the services, <see cref="UseApiTokenAuth"/> on the app,
/// <see cref="ApiTokenEndpointConventions.RequireApiToken"/> on endpoints.
/// </summary>
internal static class ApiTokenAuthExtensions
{
    public static IServiceCollection AddApiTokenAuth(this IServiceCollection services)
    {
        services.TryAddSingleton<FailedAuthenticationLimiter>();
        return services;
    }

    /// <summary>After routing (the middleware reads the endpoint's metadata), before the endpoints.</summary>
    public static IApplicationBuilder UseApiTokenAuth(this IApplicationBuilder app) => app.UseMiddleware<ApiTokenMiddleware>();
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
            .ProducesErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests);

    /// <summary>Marks environment-level endpoints: an <c>environment</c> token may call every method of them (on its own environment's objects).</summary>
    public static TBuilder AllowEnvironmentScope<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiScopeMetadata(Serverless.Core.Platform.ApiTokenScope.Environment));
}
