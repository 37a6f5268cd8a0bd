using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Serverless.Core.Storage;

namespace Serverless.Functions.Storage.Azure;

/// <summary>
/// <see cref="IDocumentStore"/> on Azure Table storage: one entity per document, ETags from the service,
/// batches as entity group transactions. Tables are created on first use.
/// </summary>
public sealed class AzureTableDocumentStore : IDocumentStore
{
    private const string NoMetadata = "application/json;odata=nometadata";
    private const string MinimalMetadata = "application/json;odata=minimalmetadata";
    private const int MaxPageSize = 1000;
    private const int MaxBatchSize = 100;

    private readonly StorageRestClient _client;
    private readonly CreatedOnFirstUse _tables;

    public AzureTableDocumentStore(StorageRestClient client)
    {
        _client = client;
        _tables = new CreatedOnFirstUse(CreateTableAsync);
    }

    public Task<StoredDocument?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        ValidateAddress(table, partitionKey, rowKey);
        return SendAsync(
            table,
            () =>
            {
                var message = _client.CreateMessage(RequestMethod.Get, EntityPath(table, partitionKey, rowKey));
                message.Request.Headers.SetValue("Accept", MinimalMetadata);
                return message;
            },
            response => response.Status switch
            {
                200 => ReadEntity(response),
                404 => null,
                _ => throw StorageRestClient.Unexpected(response),
            },
            cancellationToken);
    }

    public Task<string> InsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default)
    {
        ValidateAddress(table, partitionKey, rowKey);
        var content = EntityContent(partitionKey, rowKey, json);
        return SendAsync(
            table,
            () => EntityMessage(RequestMethod.Post, Uri.EscapeDataString(table), content),
            response => response.Status switch
            {
                201 or 204 => ETag(response),
                409 => throw new DocumentConflictException($"Document '{partitionKey}/{rowKey}' already exists in table '{table}'."),
                _ => throw StorageRestClient.Unexpected(response),
            },
            cancellationToken);
    }

    public Task<string> ReplaceAsync(string table, string partitionKey, string rowKey, string json, string etag, CancellationToken cancellationToken = default)
    {
        ValidateAddress(table, partitionKey, rowKey);
        ArgumentException.ThrowIfNullOrEmpty(etag);
        var content = EntityContent(partitionKey, rowKey, json);
        return SendAsync(
            table,
            () =>
            {
                var message = EntityMessage(RequestMethod.Put, EntityPath(table, partitionKey, rowKey), content);
                message.Request.Headers.SetValue("If-Match", etag);
                return message;
            },
            response => response.Status switch
            {
                204 => ETag(response),
                412 => throw StaleETag(table, partitionKey, rowKey),
                404 => throw new DocumentNotFoundException($"Document '{partitionKey}/{rowKey}' does not exist in table '{table}'."),
                _ => throw StorageRestClient.Unexpected(response),
            },
            cancellationToken);
    }

    public Task<string> UpsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default)
    {
        ValidateAddress(table, partitionKey, rowKey);
        var content = EntityContent(partitionKey, rowKey, json);
        // A PUT without If-Match is the service's Insert Or Replace.
        return SendAsync(
            table,
            () => EntityMessage(RequestMethod.Put, EntityPath(table, partitionKey, rowKey), content),
            response => response.Status == 204 ? ETag(response) : throw StorageRestClient.Unexpected(response),
            cancellationToken);
    }

    public Task<bool> DeleteAsync(string table, string partitionKey, string rowKey, string? etag = null, CancellationToken cancellationToken = default)
    {
        ValidateAddress(table, partitionKey, rowKey);
        return SendAsync(
            table,
            () =>
            {
                var message = _client.CreateMessage(RequestMethod.Delete, EntityPath(table, partitionKey, rowKey));
                message.Request.Headers.SetValue("Accept", NoMetadata);
                message.Request.Headers.SetValue("If-Match", etag ?? "*");
                return message;
            },
            response => response.Status switch
            {
                204 => true,
                404 => false,
                412 => throw StaleETag(table, partitionKey, rowKey),
                _ => throw StorageRestClient.Unexpected(response),
            },
            cancellationToken);
    }

    public Task<DocumentPage> QueryAsync(string table, string partitionKey, int maxCount, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateTable(table);
        StorageNames.ValidateKey(partitionKey, nameof(partitionKey));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxCount, MaxPageSize);
        var next = continuationToken is null ? default : TableContinuationToken.Decode(continuationToken);

        var query = new StringBuilder(Uri.EscapeDataString(table)).Append("()?$filter=")
            .Append(Uri.EscapeDataString($"PartitionKey eq {ODataString(partitionKey)}"))
            .Append("&$top=").Append(maxCount.ToString(CultureInfo.InvariantCulture));
        if (continuationToken is not null)
        {
            query.Append("&NextPartitionKey=").Append(Uri.EscapeDataString(next.PartitionKey))
                .Append("&NextRowKey=").Append(Uri.EscapeDataString(next.RowKey));
        }

        var path = query.ToString();
        return SendAsync(
            table,
            () =>
            {
                var message = _client.CreateMessage(RequestMethod.Get, path);
                message.Request.Headers.SetValue("Accept", MinimalMetadata);
                return message;
            },
            response => response.Status == 200 ? ReadPage(response) : throw StorageRestClient.Unexpected(response),
            cancellationToken);
    }

    private static DocumentPage ReadPage(Response response)
    {
        using var body = JsonDocument.Parse(response.Content.ToMemory());
        var documents = new List<StoredDocument>();
        foreach (var entity in body.RootElement.GetProperty("value").EnumerateArray())
        {
            documents.Add(TableEntityCodec.Read(entity, null));
        }

        string? token = null;
        if (response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var nextPartition) && !string.IsNullOrEmpty(nextPartition))
        {
            response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out var nextRow);
            token = TableContinuationToken.Encode(new TableContinuationToken(nextPartition, nextRow ?? string.Empty));
        }

        return new DocumentPage(documents, token);
    }

    public async Task<IReadOnlyList<string?>> ExecuteBatchAsync(string table, string partitionKey, IReadOnlyList<DocumentOperation> operations, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateTable(table);
        StorageNames.ValidateKey(partitionKey, nameof(partitionKey));
        ArgumentNullException.ThrowIfNull(operations);
        var rowKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            StorageNames.ValidateKey(operation.RowKey, nameof(operations));
            if (!rowKeys.Add(operation.RowKey))
            {
                // The service refuses a second operation on the same entity in one transaction.
                throw new ArgumentException($"A batch may touch row '{operation.RowKey}' only once.", nameof(operations));
            }
        }

        if (operations.Count == 0)
        {
            return [];
        }

        if (operations.Count > MaxBatchSize)
        {
            throw new ArgumentException($"A batch holds at most {MaxBatchSize} operations, got {operations.Count}.", nameof(operations));
        }

        var batch = new TableBatchRequest(_client.Endpoint, table, partitionKey, operations);
        return await SendAsync(
            table,
            () =>
            {
                var message = _client.CreateMessage(RequestMethod.Post, "$batch");
                message.Request.Headers.SetValue("Content-Type", batch.ContentType);
                message.Request.Headers.SetValue("Accept", NoMetadata);
                message.Request.Headers.SetValue("DataServiceVersion", "3.0");
                message.Request.Headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
                message.Request.Content = RequestContent.Create(batch.Body);
                return message;
            },
            response => response.Status == 202 ? batch.ReadResponse(response, table) : throw StorageRestClient.Unexpected(response),
            cancellationToken).ConfigureAwait(false);
    }

    private Task<T> SendAsync<T>(string table, Func<HttpMessage> createMessage, Func<Response, T> readResponse, CancellationToken cancellationToken) =>
        _client.SendToResourceAsync(_tables, table, createMessage, readResponse, cancellationToken);

    private async Task CreateTableAsync(string table)
    {
        using var message = _client.CreateMessage(RequestMethod.Post, "Tables");
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Headers.SetValue("Accept", NoMetadata);
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        message.Request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["TableName"] = table }));
        var response = await _client.SendAsync(message, CancellationToken.None).ConfigureAwait(false);
        if (response.Status is not (201 or 204 or 409))
        {
            throw StorageRestClient.Unexpected(response);
        }
    }

    private static void ValidateAddress(string table, string partitionKey, string rowKey)
    {
        StorageNames.ValidateTable(table);
        StorageNames.ValidateKey(partitionKey, nameof(partitionKey));
        StorageNames.ValidateKey(rowKey, nameof(rowKey));
    }

    private static ReadOnlyMemory<byte> EntityContent(string partitionKey, string rowKey, string json)
    {
        var buffer = new ArrayBufferWriter<byte>(json.Length + 128);
        TableEntityCodec.Write(buffer, partitionKey, rowKey, json);
        return buffer.WrittenMemory;
    }

    private HttpMessage EntityMessage(RequestMethod method, string path, ReadOnlyMemory<byte> content)
    {
        var message = _client.CreateMessage(method, path);
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Headers.SetValue("Accept", NoMetadata);
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        message.Request.Content = RequestContent.Create(content);
        return message;
    }

    private static StoredDocument ReadEntity(Response response)
    {
        using var body = JsonDocument.Parse(response.Content.ToMemory());
        response.Headers.TryGetValue("ETag", out var etag);
        return TableEntityCodec.Read(body.RootElement, etag);
    }

    private static string ETag(Response response) =>
        response.Headers.TryGetValue("ETag", out var etag) && etag is not null
            ? etag
            : throw new InvalidDataException("Table storage answered a write without an ETag.");

    private static DocumentConflictException StaleETag(string table, string partitionKey, string rowKey) =>
        new($"Document '{partitionKey}/{rowKey}' in table '{table}' changed since it was read (ETag mismatch).");

    /// <summary>The entity address <c>table(PartitionKey='..',RowKey='..')</c>, quotes doubled as OData requires.</summary>
    internal static string EntityPath(string table, string partitionKey, string rowKey) =>
        $"{Uri.EscapeDataString(table)}(PartitionKey={Uri.EscapeDataString(ODataString(partitionKey))},RowKey={Uri.EscapeDataString(ODataString(rowKey))})";

    private static string ODataString(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
