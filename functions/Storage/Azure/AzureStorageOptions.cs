using Azure.Core;
using Azure.Core.Pipeline;
using Serverless.Core.Storage;

namespace Serverless.Functions.Storage.Azure;

/// <summary>
/// Where the Azure backend keeps its data and how it authenticates: either a storage connection string
/// (Shared Key, as Azurite and local development use) or service URIs with a <see cref="TokenCredential"/>
/// (managed identity in Azure), plus the Key Vault holding the secrets. The SDK clients sign or authenticate
/// every request themselves (<see cref="AzureStorageClients"/>).
/// </summary>
internal sealed record AzureStorageOptions
{
    /// <summary>A storage connection string; when set, the service URIs and account key come from it (the SDK parses it).</summary>
    public string? ConnectionString { get; init; }

    public Uri? BlobServiceUri { get; init; }
    public Uri? QueueServiceUri { get; init; }
    public Uri? TableServiceUri { get; init; }

    /// <summary>
    /// The identity used for storage when there is no connection string, and always for Key Vault.
    /// See <see cref="CreateCredential"/> for the managed identity choice.
    /// </summary>
    public TokenCredential? Credential { get; init; }

    /// <summary>The vault holding secrets; without it no <c>ISecretStore</c> is registered.</summary>
    public Uri? KeyVaultUri { get; init; }

    /// <summary>Queue behaviour: a message received more often than MaxDequeueCount moves to <c>&lt;queue&gt;-poison</c> (host.json's maxDequeueCount).</summary>
    public WorkQueueOptions Queues { get; init; } = new();

    /// <summary>Where queue bodies over the inline limit go (see <see cref="BlobBackedWorkQueue"/>).</summary>
    public LargeMessageOptions LargeMessages { get; init; } = new();

    /// <summary>Whether deleting a secret also purges it, so that the name can be reused at once (needs the purge permission).</summary>
    public bool PurgeDeletedSecrets { get; init; } = true;

    /// <summary>
    /// Whether the Key Vault client checks that the vault's bearer challenge names a resource on the vault's own
    /// domain; only a vault stand-in on loopback needs this off.
    /// </summary>
    public bool VerifyKeyVaultChallengeResource { get; init; } = true;

    /// <summary>Overrides the HTTP transport (tests trusting a self-signed certificate).</summary>
    public HttpPipelineTransport? Transport { get; init; }

    /// <summary>Retry policy of every storage request (Azure.Core defaults otherwise).</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>
    /// The managed identity credential: a user-assigned identity when <paramref name="managedIdentityClientId"/>
    /// is given (the app settings' <c>__clientId</c>), otherwise the default chain (system identity, developer sign-in).
    /// </summary>
    public static TokenCredential CreateCredential(string? managedIdentityClientId) =>
        string.IsNullOrWhiteSpace(managedIdentityClientId)
            ? new global::Azure.Identity.DefaultAzureCredential()
            : new global::Azure.Identity.ManagedIdentityCredential(global::Azure.Identity.ManagedIdentityId.FromUserAssignedClientId(managedIdentityClientId));
}
