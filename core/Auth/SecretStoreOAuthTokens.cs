using System.Text.Json.Nodes;
using Serverless.Core.Storage;

namespace Serverless.Core.Auth;

/// <summary>Keeps each account's token set as one JSON secret, <c>ia-{account id}-oauth-token</c>.</summary>
public sealed class SecretStoreOAuthTokens(ISecretStore secrets) : IOAuthTokenStore
{
    /// <summary>The name of the secret holding the account's token set.</summary>
    public static string SecretName(Guid integratedAccountId) => $"ia-{integratedAccountId:N}-oauth-token";

    /// <inheritdoc/>
    public async Task<OAuthToken?> GetAsync(Guid integratedAccountId, CancellationToken cancellationToken) =>
        await secrets.GetAsync(SecretName(integratedAccountId), cancellationToken) is { } json ? OAuthToken.FromJson(JsonNode.Parse(json)) : null;

    /// <inheritdoc/>
    public Task SetAsync(Guid integratedAccountId, OAuthToken token, CancellationToken cancellationToken) =>
        secrets.SetAsync(SecretName(integratedAccountId), token.ToJson().ToJsonString(), cancellationToken);
}
