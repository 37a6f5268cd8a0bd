using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Serverless.Functions.Storage.Azure;

/// <summary>
/// The official SDK's service clients of one storage account: from a connection string (Shared Key, as Azurite
/// and local development use) or from service URIs with <see cref="AzureStorageOptions.Credential"/> (managed
/// identity). Each client is made on first use, so an account given only some service URIs fails only when a
/// missing one is needed, naming it.
/// </summary>
internal sealed class AzureStorageClients
{
    private readonly Lazy<TableServiceClient> _tables;
    private readonly Lazy<QueueServiceClient> _queues;
    private readonly Lazy<BlobServiceClient> _blobs;

    public AzureStorageClients(AzureStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tables = new(() => options.ConnectionString is { Length: > 0 } connectionString
            ? new TableServiceClient(connectionString, Configure(new TableClientOptions(), options))
            : new TableServiceClient(ServiceUri(options.TableServiceUri, "Table"), Credential(options), Configure(new TableClientOptions(), options)));
        // Message text goes on the wire as is (no base64): host.json's messageEncoding "none" reads it the same way.
        _queues = new(() => options.ConnectionString is { Length: > 0 } connectionString
            ? new QueueServiceClient(connectionString, Configure(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None }, options))
            : new QueueServiceClient(ServiceUri(options.QueueServiceUri, "Queue"), Credential(options), Configure(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None }, options)));
        _blobs = new(() => options.ConnectionString is { Length: > 0 } connectionString
            ? new BlobServiceClient(connectionString, Configure(new BlobClientOptions(), options))
            : new BlobServiceClient(ServiceUri(options.BlobServiceUri, "Blob"), Credential(options), Configure(new BlobClientOptions(), options)));
    }

    /// <exception cref="InvalidOperationException">Neither a connection string nor a Table service URI with a credential is configured.</exception>
    public TableServiceClient Tables => _tables.Value;

    /// <exception cref="InvalidOperationException">Neither a connection string nor a Queue service URI with a credential is configured.</exception>
    public QueueServiceClient Queues => _queues.Value;

    /// <exception cref="InvalidOperationException">Neither a connection string nor a Blob service URI with a credential is configured.</exception>
    public BlobServiceClient Blobs => _blobs.Value;

    private static T Configure<T>(T clientOptions, AzureStorageOptions options) where T : ClientOptions
    {
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        if (options.Transport is { } transport)
        {
            clientOptions.Transport = transport;
        }
        return clientOptions;
    }

    private static Uri ServiceUri(Uri? uri, string service) =>
        uri ?? throw new InvalidOperationException($"Azure storage: neither a connection string nor a {service} service URI is configured.");

    private static TokenCredential Credential(AzureStorageOptions options) =>
        options.Credential ?? throw new InvalidOperationException("Azure storage: service URIs need a token credential (managed identity).");
}
