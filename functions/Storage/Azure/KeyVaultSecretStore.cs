using Azure;
using Azure.Security.KeyVault.Secrets;
using Serverless.Core.Storage;

namespace Serverless.Functions.Storage.Azure;

/// <summary>
/// <see cref="ISecretStore"/> on Azure Key Vault.
/// </summary>
/// <remarks>
/// Vaults have soft delete on (it cannot be turned off any more): a deleted secret lingers as "deleted but
/// recoverable" and its name cannot be set again until it is purged or recovered. So delete waits for the
/// deletion and purges (when <paramref name="purgeDeleted"/>, which needs the purge permission that Key Vault
/// Secrets Officer grants), and a set that meets a lingering deleted secret purges or recovers it first.
/// </remarks>
internal sealed class KeyVaultSecretStore(SecretClient client, bool purgeDeleted = true) : ISecretStore
{
    private const int MaxSetAttemptsAfterPurge = 5;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    public async Task SetAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateSecret(name);
        ArgumentNullException.ThrowIfNull(value);
        try
        {
            await client.SetSecretAsync(name, value, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            await ClearDeletedAsync(name, cancellationToken).ConfigureAwait(false);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await client.SetSecretAsync(name, value, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (RequestFailedException conflict) when (conflict.Status == 409 && attempt < MaxSetAttemptsAfterPurge)
                {
                    // A purge or recovery takes a moment to free the name; the vault answers 409 until then.
                    await Task.Delay(RetryDelay * attempt, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateSecret(name);
        try
        {
            var secret = await client.GetSecretAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
            return secret.Value.Value;
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateSecret(name);
        DeleteSecretOperation deletion;
        try
        {
            deletion = await client.StartDeleteSecretAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return false;
        }

        if (purgeDeleted)
        {
            // Purging before the deletion finished is refused, hence the wait.
            await deletion.WaitForCompletionAsync(cancellationToken).ConfigureAwait(false);
            await client.PurgeDeletedSecretAsync(name, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Frees the name of a secret lingering as deleted: purge it, or recover it to be overwritten.</summary>
    private async Task ClearDeletedAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            if (purgeDeleted)
            {
                await client.PurgeDeletedSecretAsync(name, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var recovery = await client.StartRecoverDeletedSecretAsync(name, cancellationToken).ConfigureAwait(false);
                await recovery.WaitForCompletionAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // Already purged (by us a moment ago, or by someone else): only the name's release is pending.
        }
    }
}
