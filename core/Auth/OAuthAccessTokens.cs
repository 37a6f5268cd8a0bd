using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Serverless.Core.Auth;

/// <summary>
/// Hands out usable access tokens: refreshed before use when within 60 s of expiry, or on demand after
/// a 401. Concurrent callers for one account share one refresh (single flight), and every new token
/// set is stored before it is used.
/// </summary>
public sealed partial class OAuthAccessTokens(OAuthTokenClient tokenClient, IOAuthTokenStore store, TimeProvider time, ILogger<OAuthAccessTokens> logger)
{
    private readonly ConcurrentDictionary<Guid, Lazy<Task<OAuthToken>>> _refreshes = new();

    /// <param name="contextToken">The token the account context was created with (<c>oauth.token</c>), used until one is stored.</param>
    /// <param name="refresh">Replaces the token endpoint (an integration's <c>refresh_token</c> action); gets the current token.</param>
    /// <exception cref="OAuthTokenException">No token could be had; <see cref="OAuthTokenException.IsRejection"/> means re-authorize.</exception>
    public async Task<OAuthToken> GetAsync(
        Guid accountId, OAuthToken? contextToken, OAuthClientSettings settings, OAuthGrant grant, CancellationToken cancellationToken,
        Func<OAuthToken?, Task<OAuthToken>>? refresh = null)
    {
        var token = await store.GetAsync(accountId, cancellationToken) ?? contextToken;
        if (token is not null && !token.IsDueForRefresh(time.GetUtcNow())) return token;
        return await RefreshAsync(accountId, token, settings, grant, cancellationToken, refresh);
    }

    /// <summary>
    /// A new token, replacing <paramref name="stale"/>. When another caller already replaced it, that
    /// token is returned without a second refresh.
    /// </summary>
    public async Task<OAuthToken> RefreshAsync(
        Guid accountId, OAuthToken? stale, OAuthClientSettings settings, OAuthGrant grant, CancellationToken cancellationToken,
        Func<OAuthToken?, Task<OAuthToken>>? custom = null)
    {
        var refresh = _refreshes.GetOrAdd(accountId, id => new Lazy<Task<OAuthToken>>(() => RunRefreshAsync(id, stale, settings, grant, custom)));
        try
        {
            return await refresh.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            _refreshes.TryRemove(new KeyValuePair<Guid, Lazy<Task<OAuthToken>>>(accountId, refresh));
        }
    }

    private async Task<OAuthToken> RunRefreshAsync(Guid accountId, OAuthToken? stale, OAuthClientSettings settings, OAuthGrant grant, Func<OAuthToken?, Task<OAuthToken>>? custom)
    {
        // The refresh is shared, so no single caller's cancellation may stop it.
        var stored = await store.GetAsync(accountId, CancellationToken.None);
        if (stored is not null && stale is not null && stored.AccessToken != stale.AccessToken && !stored.IsDueForRefresh(time.GetUtcNow()))
        {
            return stored;
        }
        var current = stored ?? stale;
        var token = custom is not null ? await custom(current)
            : grant == OAuthGrant.ClientCredentials
            ? await tokenClient.ClientCredentialsAsync(settings, CancellationToken.None)
            : await tokenClient.RefreshAsync(settings, current ?? throw new OAuthTokenException("the account has no OAuth token; it must be authorized again", 401, "invalid_grant"), CancellationToken.None);
        await store.SetAsync(accountId, token, CancellationToken.None);
        LogRefreshed(logger, accountId, grant, token.ExpiresAt);
        return token;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refreshed the OAuth token of account {AccountId} ({Grant}), valid until {ExpiresAt}")]
    private static partial void LogRefreshed(ILogger logger, Guid accountId, OAuthGrant grant, DateTimeOffset? expiresAt);
}
