namespace Serverless.Core.Auth;

/// <summary>Where an account's current OAuth token set lives (secret storage, never the plain document).</summary>
public interface IOAuthTokenStore
{
    Task<OAuthToken?> GetAsync(Guid integratedAccountId, CancellationToken cancellationToken);

    Task SetAsync(Guid integratedAccountId, OAuthToken token, CancellationToken cancellationToken);
}
