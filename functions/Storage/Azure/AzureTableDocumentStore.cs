using Azure;
using Azure.Data.Tables;
using Serverless.Core.Storage;

namespace Serverless.Functions.Storage.Azure;

/// <summary>
/// <see cref="IDocumentStore"/> on Azure Table storage through <see cref="TableClient"/>: one entity per document,
/// ETags from the service, batches as entity group transactions. Tables are created on first use.
/// </summary>
internal sealed class AzureTableDocumentStore : IDocumentStore
{
    private const int MaxPageSize = 1000;
    private const int MaxBatchSize = 100;

    private readonly TableServiceClient _service;
    private readonly CreatedOnFirstUse _tables;

    public AzureTableDocumentStore(TableServiceClient service)
    {
        _service = service;
        _tables = new CreatedOnFirstUse(table => _service.GetTableClient(table).CreateIfNotExistsAsync(CancellationToken.None));
    }

    public Task<StoredDocument?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        ValidateAddress(table, partitionKey, rowKey);
        return UseAsync(table, async client =>
        {
            var response = await client.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.HasValue ? TableEntityCodec.FromEntity(response.Value!) : null;
        });
    }

    public Task<string> InsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default)
    {
        ValidateAddress(table, partitionKey, rowKey);
        var entity = TableEntityCodec.ToEntity(partitionKey, rowKey, json);
        return UseAsync(table, async client =>
        {
            try
            {
                return ETag(await client.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false));
            }
            catch (RequestFailedException exception) when (exception.Status == 409)
            {
                throw new DocumentConflictException($"Document '{partitionKey}/{rowKey}' already exists in table '{table}'.");
            }
        });
    }

    public Task<string> ReplaceAsync(string table, string partitionKey, string rowKey, string json, string etag, CancellationToken cancellationToken = default)
    {
        ValidateAddress(table, partitionKey, rowKey);
        ArgumentException.ThrowIfNullOrEmpty(etag);
        var entity = TableEntityCodec.ToEntity(partitionKey, rowKey, json);
        return UseAsync(table, async client =>
        {
            try
            {
                return ETag(await client.UpdateEntityAsync(entity, new ETag(etag), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false));
            }
            catch (RequestFailedException exception) when (exception.Status == 412)
            {
                throw StaleETag(table, partitionKey, rowKey);
            }
            catch (RequestFailedException exception) when (exception.Status == 404 && exception.ErrorCode != "TableNotFound")
            {
                throw new DocumentNotFoundException($"Document '{partitionKey}/{rowKey}' does not exist in table '{table}'.");
            }
        });
    }

    public Task<string> UpsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default)
    {
        ValidateAddress(table, partitionKey, rowKey);
        var entity = TableEntityCodec.ToEntity(partitionKey, rowKey, json);
        return UseAsync(table, async client => ETag(await client.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false)));
    }

    public Task<bool> DeleteAsync(string table, string partitionKey, string rowKey, string? etag = null, CancellationToken cancellationToken = default)
    {
        ValidateAddress(table, partitionKey, rowKey);
        return UseAsync(table, async client =>
        {
            try
            {
                // The SDK answers a missing entity with its 404 response instead of an exception.
                var response = await client.DeleteEntityAsync(partitionKey, rowKey, etag is null ? global::Azure.ETag.All : new ETag(etag), cancellationToken).ConfigureAwait(false);
                return response.Status != 404;
            }
            catch (RequestFailedException exception) when (exception.Status == 412)
            {
                throw StaleETag(table, partitionKey, rowKey);
            }
        });
    }

    public Task<DocumentPage> QueryAsync(string table, string partitionKey, int maxCount, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateKey(partitionKey, nameof(partitionKey));
        return QueryFilteredAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}"), maxCount, continuationToken, cancellationToken);
    }

    public Task<DocumentPage> QueryPrefixAsync(string table, string partitionKey, string rowKeyPrefix, int maxCount, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateKey(partitionKey, nameof(partitionKey));
        var end = StorageNames.PrefixEnd(rowKeyPrefix);
        return QueryFilteredAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {rowKeyPrefix} and RowKey lt {end}"), maxCount, continuationToken, cancellationToken);
    }

    private Task<DocumentPage> QueryFilteredAsync(string table, string filter, int maxCount, string? continuationToken, CancellationToken cancellationToken)
    {
        StorageNames.ValidateTable(table);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxCount, MaxPageSize);
        var sdkToken = continuationToken is null ? null : TableContinuationToken.Decode(continuationToken);
        return UseAsync(table, async client =>
        {
            var pages = client.QueryAsync<TableEntity>(filter, maxCount, cancellationToken: cancellationToken).AsPages(sdkToken, maxCount);
            await foreach (var page in pages.ConfigureAwait(false))
            {
                var documents = page.Values.Select(TableEntityCodec.FromEntity).ToList();
                return new DocumentPage(documents, string.IsNullOrEmpty(page.ContinuationToken) ? null : TableContinuationToken.Encode(page.ContinuationToken));
            }
            return new DocumentPage([], null);
        });
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

        var actions = operations.Select((operation, index) => TransactionAction(partitionKey, operation, index)).ToList();
        return await UseAsync(table, async client =>
        {
            try
            {
                var responses = (await client.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false)).Value;
                return (IReadOnlyList<string?>)operations
                    .Select((operation, index) => operation.Kind == DocumentOperationKind.Delete ? null : responses[index].Headers.ETag?.ToString())
                    .ToList();
            }
            catch (TableTransactionFailedException exception) when (exception.ErrorCode != "TableNotFound")
            {
                throw BatchFailure(table, partitionKey, operations, exception);
            }
        }).ConfigureAwait(false);
    }

    private static TableTransactionAction TransactionAction(string partitionKey, DocumentOperation operation, int index)
    {
        if (operation.Kind == DocumentOperationKind.Delete)
        {
            return new(TableTransactionActionType.Delete, new TableEntity(partitionKey, operation.RowKey), operation.ETag is null ? global::Azure.ETag.All : new ETag(operation.ETag));
        }

        var entity = TableEntityCodec.ToEntity(partitionKey, operation.RowKey, operation.Json
            ?? throw new ArgumentException($"Batch operation {index} ({operation.Kind} '{operation.RowKey}') needs a document."));
        return operation.Kind switch
        {
            DocumentOperationKind.Insert => new(TableTransactionActionType.Add, entity),
            DocumentOperationKind.Replace => new(TableTransactionActionType.UpdateReplace, entity,
                new ETag(operation.ETag ?? throw new ArgumentException($"Batch operation {index} (replace '{operation.RowKey}') needs an ETag."))),
            _ => new(TableTransactionActionType.UpsertReplace, entity),
        };
    }

    private static Exception BatchFailure(string table, string partitionKey, IReadOnlyList<DocumentOperation> operations, TableTransactionFailedException exception)
    {
        var failed = exception.FailedTransactionActionIndex is { } index && index < operations.Count
            ? $"operation {index} ({operations[index].Kind} '{operations[index].RowKey}')"
            : "an operation";
        return exception.Status switch
        {
            409 or 412 => new DocumentConflictException($"Batch on table '{table}' partition '{partitionKey}' failed at {failed}: the document exists already or its ETag changed; nothing was written."),
            404 => new DocumentNotFoundException($"Batch on table '{table}' partition '{partitionKey}' failed at {failed}: the document does not exist; nothing was written."),
            _ => exception,
        };
    }

    private Task<T> UseAsync<T>(string table, Func<TableClient, Task<T>> operation)
    {
        var client = _service.GetTableClient(table);
        return _tables.UseAsync(table, () => operation(client));
    }

    private static void ValidateAddress(string table, string partitionKey, string rowKey)
    {
        StorageNames.ValidateTable(table);
        StorageNames.ValidateKey(partitionKey, nameof(partitionKey));
        StorageNames.ValidateKey(rowKey, nameof(rowKey));
    }

    private static string ETag(Response response) =>
        response.Headers.ETag?.ToString() ?? throw new InvalidDataException("Table storage answered a write without an ETag.");

    private static DocumentConflictException StaleETag(string table, string partitionKey, string rowKey) =>
        new($"Document '{partitionKey}/{rowKey}' in table '{table}' changed since it was read (ETag mismatch).");
}
