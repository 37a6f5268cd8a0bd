using Serverless.Core.Auth;
using Serverless.Core.Integrations;

namespace Serverless.Core.Proxy;

/// <summary>
/// Runs an integration's <c>refresh_token</c> action as the OAuth refresh of a call. The action's requests run through
/// the proxy again, so the engine hands itself in: the action runner depends on the proxy, never the other way round.
/// </summary>
public interface IRefreshTokenAction
{
    /// <param name="current">The token to refresh, seen by the action as <c>{{oauth.token.*}}</c>.</param>
    /// <returns>The new token.</returns>
    /// <exception cref="OAuthTokenException">The action failed (a 4xx is a refusal: the account must re-authorize) or gave no access token.</exception>
    Task<OAuthToken> RefreshAsync(
        ProxyEngine engine, CompiledIntegration integration, CompiledAction action, ProxyAccount account, OAuthToken? current, OAuthClientSettings settings);
}
