namespace Serverless.Core.Auth;

/// <summary>Where an account's current OAuth token set lives (secret storage, never the plain document).</summary>
public interface IOAuthTokenStore
{
    /// <summary>The account's token set, or null when it has none.</summary>
    Task<OAuthToken?> GetAsync(Guid integratedAccountId, CancellationToken cancellationToken);

    /// <summary>Stores the account's token set, replacing the previous one.</summary>
    Task SetAsync(Guid integratedAccountId, OAuthToken token, CancellationToken cancellationToken);
}
