namespace Serverless.Functions.Hosting;

/// <summary>Which storage backend the platform uses, read from <c>STORAGE</c> and its companions.</summary>
internal abstract record StorageSettings
{
    public const string Embedded = "embedded";
    public const string Azure = "azure";

    /// <summary>
    /// Reads the backend. Standalone, <c>STORAGE</c> defaults to <c>embedded</c>. Under the Functions host it defaults
    /// to <c>azure</c> and <c>embedded</c> is refused: the host's queue triggers read Azure queues, so work put in a
    /// local SQLite queue would never run.
    /// </summary>
    /// <exception cref="PlatformConfigurationException">A setting is missing or malformed.</exception>
    public static StorageSettings FromConfiguration(IConfiguration configuration, HostingMode? mode = null)
    {
        var underFunctionsHost = mode?.IsFunctionsHost == true;
        var kind = PlatformSettings.Read(configuration, PlatformSettings.Storage);
        if (string.IsNullOrWhiteSpace(kind))
        {
            kind = underFunctionsHost ? Azure : Embedded;
        }
        if (kind.Trim().Equals(Embedded, StringComparison.OrdinalIgnoreCase))
        {
            return underFunctionsHost
                ? throw new PlatformConfigurationException(PlatformSettings.Storage, $"'{Embedded}' cannot run under the Functions host, whose queue and timer triggers use Azure Storage: set '{Azure}' (the default there) or start the app standalone.")
                : EmbeddedStorageSettings.FromConfiguration(configuration);
        }
        if (kind.Trim().Equals(Azure, StringComparison.OrdinalIgnoreCase))
        {
            return AzureStorageSettings.FromConfiguration(configuration);
        }
        throw new PlatformConfigurationException(PlatformSettings.Storage, $"expected '{Embedded}' or '{Azure}', got '{kind}'.");
    }

    internal static Uri? ReadAbsoluteUri(IConfiguration configuration, string setting, bool requireHttps)
    {
        var raw = PlatformSettings.Read(configuration, setting);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }
        if (!Uri.TryCreate(raw.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new PlatformConfigurationException(setting, $"expected an absolute http(s) URI, got '{raw}'.");
        }
        if (requireHttps && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new PlatformConfigurationException(setting, "must be an https URI.");
        }
        return uri;
    }
}

/// <summary>SQLite under <see cref="DataDirectory"/>; secrets encrypted with <see cref="SecretsKey"/> or a generated key file.</summary>
internal sealed record EmbeddedStorageSettings(string DataDirectory, string? SecretsKey) : StorageSettings
{
    public const string DefaultDataDirectory = "./.data";

    public static EmbeddedStorageSettings FromConfiguration(IConfiguration configuration)
    {
        var dataDirectory = PlatformSettings.Read(configuration, PlatformSettings.DataDirectory);
        var secretsKey = PlatformSettings.Read(configuration, PlatformSettings.SecretsKey);
        if (!string.IsNullOrWhiteSpace(secretsKey))
        {
            var bytes = new byte[64];
            if (!Convert.TryFromBase64String(secretsKey.Trim(), bytes, out var length) || length != 32)
            {
                throw new PlatformConfigurationException(PlatformSettings.SecretsKey, "expected a base64-encoded 256-bit key (32 bytes), e.g. from `openssl rand -base64 32`.");
            }
        }
        return new EmbeddedStorageSettings(
            string.IsNullOrWhiteSpace(dataDirectory) ? DefaultDataDirectory : dataDirectory.Trim(),
            string.IsNullOrWhiteSpace(secretsKey) ? null : secretsKey.Trim());
    }
}

/// <summary>
/// Azure Table/Queue/Blob storage, either by connection string (Azurite, development) or by
/// service URIs with a managed identity (deployments), and Key Vault for secrets.
/// </summary>
internal sealed record AzureStorageSettings(
    string? ConnectionString,
    Uri? BlobServiceUri,
    Uri? QueueServiceUri,
    Uri? TableServiceUri,
    string? ManagedIdentityClientId,
    Uri? KeyVaultUri) : StorageSettings
{
    public bool UsesIdentity => ConnectionString is null;

    public static AzureStorageSettings FromConfiguration(IConfiguration configuration)
    {
        var keyVaultUri = ReadAbsoluteUri(configuration, PlatformSettings.KeyVaultUri, requireHttps: true);
        var connectionString = FirstNonEmpty(PlatformSettings.Read(configuration, PlatformSettings.AzureStorageConnectionString), PlatformSettings.Read(configuration, PlatformSettings.AzureWebJobsStorage));
        if (connectionString is not null)
        {
            return new AzureStorageSettings(connectionString, null, null, null, null, keyVaultUri);
        }

        var blob = ReadAbsoluteUri(configuration, PlatformSettings.AzureWebJobsStorageBlobServiceUri, requireHttps: false);
        var queue = ReadAbsoluteUri(configuration, PlatformSettings.AzureWebJobsStorageQueueServiceUri, requireHttps: false);
        var table = ReadAbsoluteUri(configuration, PlatformSettings.AzureWebJobsStorageTableServiceUri, requireHttps: false);
        if (blob is null && queue is null && table is null)
        {
            throw new PlatformConfigurationException(
                PlatformSettings.AzureStorageConnectionString,
                $"STORAGE=azure needs a connection string ({PlatformSettings.AzureStorageConnectionString} or {PlatformSettings.AzureWebJobsStorage}) " +
                $"or the identity-based service URIs ({PlatformSettings.AzureWebJobsStorageBlobServiceUri}, {PlatformSettings.AzureWebJobsStorageQueueServiceUri}, {PlatformSettings.AzureWebJobsStorageTableServiceUri}).");
        }
        var missing = new (string Setting, Uri? Value)[]
        {
            (PlatformSettings.AzureWebJobsStorageBlobServiceUri, blob),
            (PlatformSettings.AzureWebJobsStorageQueueServiceUri, queue),
            (PlatformSettings.AzureWebJobsStorageTableServiceUri, table),
        }.FirstOrDefault(s => s.Value is null);
        if (missing.Setting is not null)
        {
            throw new PlatformConfigurationException(missing.Setting, "is required when the other identity-based storage URIs are set.");
        }
        if (keyVaultUri is null)
        {
            // A deployment's instances share nothing but Azure: secrets must live in Key Vault.
            throw new PlatformConfigurationException(PlatformSettings.KeyVaultUri, "is required with identity-based storage (the vault that holds the platform's secrets).");
        }
        var clientId = PlatformSettings.Read(configuration, PlatformSettings.AzureWebJobsStorageClientId);
        return new AzureStorageSettings(null, blob, queue, table, string.IsNullOrWhiteSpace(clientId) ? null : clientId.Trim(), keyVaultUri);
    }

    private static string? FirstNonEmpty(params string?[] values) =>
        values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
}
