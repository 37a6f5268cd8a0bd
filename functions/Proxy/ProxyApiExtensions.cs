using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Core.Auth;
using Serverless.Core.Http;
using Serverless.Core.Integrations;
using Serverless.Core.Proxy;
using Serverless.Functions.Actions;
using Serverless.Functions.Api.Auth;
using Serverless.Functions.Api.OpenApi;

namespace Serverless.Functions.Proxy;

/// <summary>Registration of the proxy: <c>AddProxyApi</c> on the services, <c>MapProxyApi</c> on the app.</summary>
internal static class ProxyApiExtensions
{
    /// <summary>
    /// The proxy engine and its one pooled vendor client (outbound targets checked per
    /// <c>ALLOW_PRIVATE_NETWORK_TARGETS</c>), the compiled-config cache and the resolver, OAuth token handling, actions.
    /// Needs the platform API's repositories and an <see cref="Core.Storage.ISecretStore"/>.
    /// </summary>
    public static IServiceCollection AddProxyApi(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new VendorHttpClient(provider.GetRequiredService<OutboundTargetGuard>().CreateClient()));
        services.TryAddSingleton(provider => new VendorRequestSender(provider.GetRequiredService<VendorHttpClient>().Client));
        services.TryAddSingleton(provider => new OAuthTokenClient(provider.GetRequiredService<VendorHttpClient>().Client, provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IOAuthTokenStore, SecretStoreOAuthTokens>();
        services.TryAddSingleton<OAuthAccessTokens>();
        services.TryAddSingleton<IAccountAuthState, AccountAuthStateStore>();
        services.TryAddSingleton<CompiledIntegrationCache>();
        services.TryAddSingleton<IntegrationResolver>();
        services.TryAddSingleton<ProxyEngine>();
        services.TryAddSingleton<ConnectSigningKey>();
        services.TryAddScoped<ProxyRequestHandler>();
        services.AddActions();
        return services;
    }

    /// <summary>Maps <c>/proxy/...</c> and the OAuth connect flow (<c>/link-token</c>, <c>/connect/...</c>) behind the API's bearer-token auth (call after <c>MapPlatformApi</c>, which adds the error envelope).</summary>
    public static IEndpointRouteBuilder MapProxyApi(this IEndpointRouteBuilder app)
    {
        // A vendor's own 4xx passes through with its status too (SPEC §2.7).
        var proxy = app.MapGroup("/proxy").RequireApiToken().AllowEnvironmentScope().WithTags("proxy")
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity);
        ActionEndpoints.Map(proxy, app);
        ProxyEndpoints.Map(proxy);
        ConnectEndpoints.Map(app);
        return app;
    }
}

/// <summary>The process-wide pooled client for vendor and token calls (a named type so DI never hands it to anyone else).</summary>
internal sealed class VendorHttpClient(HttpClient client) : IDisposable
{
    public HttpClient Client { get; } = client;

    public void Dispose() => Client.Dispose();
}
