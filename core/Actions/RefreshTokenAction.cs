using System.Text.Json.Nodes;
using Serverless.Core.Auth;
using Serverless.Core.Config;
using Serverless.Core.Errors;
using Serverless.Core.Http;
using Serverless.Core.Integrations;
using Serverless.Core.Proxy;

namespace Serverless.Core.Actions;

/// <summary>
/// The <c>refresh_token</c> action as an OAuth refresh (Truto's reserved name for vendors whose refresh is not the
/// standard grant). The action sees the current token as <c>{{oauth.token.*}}</c>; the new token is the
/// <c>oauth.token</c> its <c>update_context</c> steps produce, else its result read as a token endpoint's answer
/// (<c>access_token</c>, <c>expires_in</c>...). A 4xx of the action is a refused refresh (the account needs
/// re-authorization), like the grant's.
/// </summary>
public sealed class RefreshTokenAction(TimeProvider time) : IRefreshTokenAction
{
    /// <inheritdoc/>
    public async Task<OAuthToken> RefreshAsync(
        ProxyEngine engine, CompiledIntegration integration, CompiledAction action, ProxyAccount account, OAuthToken? current, OAuthClientSettings settings)
    {
        // Its own requests use the token they are given as it is, without refreshing it first or after a 401.
        var refreshing = account with { Context = current?.InContext(account.Context) ?? account.Context, RefreshingToken = true };
        ActionResult result;
        try
        {
            result = await new ActionRunner(engine).RunAsync(integration, action.Name, refreshing, null, CancellationToken.None);
        }
        catch (ApiException exception)
        {
            throw new OAuthTokenException($"the {ReservedActions.RefreshToken} action failed: {exception.Message}", exception.StatusCode, null);
        }

        return OAuthToken.FromJson(DottedPath.Read(result.ContextUpdate, "oauth.token"))
            ?? (result.Result is JsonObject answer && answer["access_token"] is JsonValue
                ? OAuthToken.FromTokenResponse(answer, settings.TokenExpiryDuration, current, time.GetUtcNow())
                : throw new OAuthTokenException($"the {ReservedActions.RefreshToken} action gave no access_token (neither in its result nor as oauth.token in update_context)", 502, null));
    }
}
