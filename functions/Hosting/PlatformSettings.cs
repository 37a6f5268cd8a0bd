namespace Serverless.Functions.Hosting;

/// <summary>
/// The environment settings the platform reads, in one place: the infra tests check that every
/// setting Azure mode needs is set by <c>infra/main.bicep</c>.
/// </summary>
internal static class PlatformSettings
{
    public const string Storage = "STORAGE";
    public const string DataDirectory = "DATA_DIR";
    public const string SecretsKey = "SECRETS_KEY";
    public const string AzureStorageConnectionString = "AZURE_STORAGE_CONNECTION_STRING";
    public const string AzureWebJobsStorage = "AzureWebJobsStorage";
    public const string AzureWebJobsStorageCredential = "AzureWebJobsStorage__credential";
    public const string AzureWebJobsStorageClientId = "AzureWebJobsStorage__clientId";
    public const string AzureWebJobsStorageBlobServiceUri = "AzureWebJobsStorage__blobServiceUri";
    public const string AzureWebJobsStorageQueueServiceUri = "AzureWebJobsStorage__queueServiceUri";
    public const string AzureWebJobsStorageTableServiceUri = "AzureWebJobsStorage__tableServiceUri";
    public const string KeyVaultUri = "KEY_VAULT_URI";
    public const string AllowPrivateNetworkTargets = "ALLOW_PRIVATE_NETWORK_TARGETS";
    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// Reads a setting by its environment-variable name: the configuration system turns the
    /// <c>__</c> of <c>AzureWebJobsStorage__clientId</c> into a section separator.
    /// </summary>
    public static string? Read(IConfiguration configuration, string setting) =>
        configuration[setting.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)];

    /// <summary>
    /// What a deployed function app (identity-based storage, Key Vault) must have in its app settings.
    /// </summary>
    public static IReadOnlyList<string> AzureDeploymentSettings { get; } =
    [
        Storage,
        AzureWebJobsStorageCredential,
        AzureWebJobsStorageClientId,
        AzureWebJobsStorageBlobServiceUri,
        AzureWebJobsStorageQueueServiceUri,
        AzureWebJobsStorageTableServiceUri,
        KeyVaultUri,
        ApplicationInsightsConnectionString,
    ];
}
