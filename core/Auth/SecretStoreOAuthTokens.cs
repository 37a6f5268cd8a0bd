using System.Text.Json.Nodes;
using Serverless.Core.Storage;

namespace Serverless.Core.Auth;

/// <summary>Keeps each account's token set as one JSON secret, <c>ia-{account id}-oauth-token</c>.</summary>
public sealed class SecretStoreOAuthTokens(ISecretStore secrets) : IOAuthTokenStore
{
    public static string SecretName(Guid integratedAccountId) => $"ia-{integratedAccountId:N}-oauth-token";

    public async Task<OAuthToken?> GetAsync(Guid integratedAccountId, CancellationToken cancellationToken) =>
        await secrets.GetAsync(SecretName(integratedAccountId), cancellationToken) is { } json ? OAuthToken.FromJson(JsonNode.Parse(json)) : null;

    public Task SetAsync(Guid integratedAccountId, OAuthToken token, CancellationToken cancellationToken) =>
        secrets.SetAsync(SecretName(integratedAccountId), token.ToJson().ToJsonString(), cancellationToken);
}
