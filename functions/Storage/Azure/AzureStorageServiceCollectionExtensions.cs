using Azure.Security.KeyVault.Secrets;
using Serverless.Core.Storage;

namespace Serverless.Functions.Storage.Azure;

internal static class AzureStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Azure backend as singletons over the official SDK clients (<see cref="AzureStorageClients"/>):
    /// <see cref="IDocumentStore"/> (Table), <see cref="IWorkQueue"/>
    /// (Queue, wrapped in <see cref="BlobBackedWorkQueue"/> for large bodies), <see cref="IBlobStore"/> (Blob) and, when <see cref="AzureStorageOptions.KeyVaultUri"/> is set,
    /// <see cref="ISecretStore"/> (Key Vault).
    /// </summary>
    public static IServiceCollection AddAzureStorage(this IServiceCollection services, AzureStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddSingleton(new AzureStorageClients(options));
        services.AddSingleton<IDocumentStore>(provider => new AzureTableDocumentStore(provider.GetRequiredService<AzureStorageClients>().Tables));
        services.AddSingleton<IBlobStore>(provider => new AzureBlobStore(provider.GetRequiredService<AzureStorageClients>().Blobs));
        // Bodies over the queue's 64 KiB limit travel through blobs; the poison move inside the queue keeps the reference.
        services.AddSingleton<IWorkQueue>(provider => new BlobBackedWorkQueue(
            new AzureQueueWorkQueue(provider.GetRequiredService<AzureStorageClients>().Queues, options.Queues, provider.GetService<ILogger<AzureQueueWorkQueue>>()),
            provider.GetRequiredService<IBlobStore>(),
            options.LargeMessages,
            provider.GetService<ILogger<BlobBackedWorkQueue>>()));
        if (options.KeyVaultUri is { } vaultUri)
        {
            services.AddSingleton<ISecretStore>(_ => new KeyVaultSecretStore(CreateSecretClient(options, vaultUri), options.PurgeDeletedSecrets));
        }

        return services;
    }

    internal static SecretClient CreateSecretClient(AzureStorageOptions options, Uri vaultUri)
    {
        var clientOptions = new SecretClientOptions { DisableChallengeResourceVerification = !options.VerifyKeyVaultChallengeResource };
        if (options.Transport is { } transport)
        {
            clientOptions.Transport = transport;
        }

        return new SecretClient(vaultUri, options.Credential ?? AzureStorageOptions.CreateCredential(null), clientOptions);
    }
}
