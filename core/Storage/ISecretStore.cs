namespace Serverless.Core.Storage;

/// <summary>
/// Secret values by name (credentials, OAuth tokens, client secrets, webhook secrets): encrypted at rest
/// by the embedded backend, kept in Key Vault by the Azure one.
/// </summary>
/// <remarks>Names are letters, digits and '-', 1–127 characters (Key Vault's rule).</remarks>
public interface ISecretStore
{
    /// <summary>Creates or overwrites the secret <paramref name="name"/>.</summary>
    Task SetAsync(string name, string value, CancellationToken cancellationToken = default);

    /// <summary>The value, or <c>null</c> when there is no such secret.</summary>
    Task<string?> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary><c>false</c> when there was no such secret.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default);
}
