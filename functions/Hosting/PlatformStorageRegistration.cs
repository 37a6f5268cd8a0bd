using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Core.Storage;
using Serverless.Core.Storage.Embedded;
using Serverless.Functions.Storage.Azure;

namespace Serverless.Functions.Hosting;

internal static class PlatformStorageRegistration
{
    /// <summary>
    /// Registers the storage backend chosen by <c>STORAGE</c>: embedded (SQLite under <c>DATA_DIR</c>, the default)
    /// or Azure (Table/Queue/Blob by connection string or managed identity, Key Vault for secrets).
    /// </summary>
    /// <exception cref="PlatformConfigurationException">A storage setting is missing or malformed.</exception>
    public static IServiceCollection AddPlatformStorage(this IServiceCollection services, IConfiguration configuration, HostingMode? mode = null)
    {
        var settings = StorageSettings.FromConfiguration(configuration, mode);
        services.AddSingleton(settings);
        // The queue rules both backends apply (their defaults, matched by host.json's maxDequeueCount):
        // handlers read MaxDequeueCount to recognise a message's last try before it is poisoned.
        services.TryAddSingleton(new WorkQueueOptions());
        switch (settings)
        {
            case EmbeddedStorageSettings embedded:
                services.AddEmbeddedStorage(options =>
                {
                    options.DataDirectory = embedded.DataDirectory;
                    options.SecretsKey = embedded.SecretsKey;
                });
                break;
            case AzureStorageSettings azure:
                AddAzure(services, azure, configuration);
                break;
        }
        return services;
    }

    private static void AddAzure(IServiceCollection services, AzureStorageSettings azure, IConfiguration configuration)
    {
        var credential = azure.UsesIdentity || azure.KeyVaultUri is not null
            ? AzureStorageOptions.CreateCredential(azure.ManagedIdentityClientId)
            : null;
        services.AddAzureStorage(new AzureStorageOptions
        {
            ConnectionString = azure.ConnectionString,
            BlobServiceUri = azure.BlobServiceUri,
            QueueServiceUri = azure.QueueServiceUri,
            TableServiceUri = azure.TableServiceUri,
            Credential = credential,
            KeyVaultUri = azure.KeyVaultUri,
        });
        if (azure.KeyVaultUri is null)
        {
            // Only reachable with a connection string (StorageSettings requires the vault for identity-based
            // deployments): development against Azurite keeps secrets encrypted on the local disk instead.
            var embedded = EmbeddedStorageSettings.FromConfiguration(configuration);
            var options = new EmbeddedStorageOptions { DataDirectory = embedded.DataDirectory, SecretsKey = embedded.SecretsKey };
            services.AddSingleton<ISecretStore>(_ => new EncryptedSecretStore(
                new SqliteDatabase(Path.Combine(options.DataDirectory, EmbeddedStorageOptions.DatabaseFileName)),
                EmbeddedStorageServiceCollectionExtensions.ResolveKey(options)));
        }
    }
}
