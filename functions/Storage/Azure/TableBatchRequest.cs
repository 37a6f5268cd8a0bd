using System.Buffers;
using System.Globalization;
using System.Text;
using Azure;
using Serverless.Core.Storage;

namespace Serverless.Functions.Storage.Azure;

/// <summary>
/// An entity group transaction: one <c>multipart/mixed</c> batch holding one changeset with an HTTP request
/// per operation; the service applies all of them or none.
/// </summary>
public sealed class TableBatchRequest
{
    private readonly string _batchBoundary = "batch_" + Guid.NewGuid().ToString("N");
    private readonly string _table;
    private readonly string _partitionKey;
    private readonly IReadOnlyList<DocumentOperation> _operations;

    public TableBatchRequest(Uri endpoint, string table, string partitionKey, IReadOnlyList<DocumentOperation> operations)
    {
        _table = table;
        _partitionKey = partitionKey;
        _operations = operations;
        Body = BuildBody(endpoint.AbsoluteUri.TrimEnd('/') + "/");
    }

    public string ContentType => $"multipart/mixed; boundary={_batchBoundary}";

    public ReadOnlyMemory<byte> Body { get; }

    private ReadOnlyMemory<byte> BuildBody(string baseAddress)
    {
        var changesetBoundary = "changeset_" + Guid.NewGuid().ToString("N");
        var text = new StringBuilder();
        text.Append("--").Append(_batchBoundary).Append("\r\n");
        text.Append("Content-Type: multipart/mixed; boundary=").Append(changesetBoundary).Append("\r\n\r\n");
        var entity = new ArrayBufferWriter<byte>();
        for (var index = 0; index < _operations.Count; index++)
        {
            var operation = _operations[index];
            text.Append("--").Append(changesetBoundary).Append("\r\n");
            text.Append("Content-Type: application/http\r\n");
            text.Append("Content-Transfer-Encoding: binary\r\n\r\n");
            var (method, path) = operation.Kind switch
            {
                DocumentOperationKind.Insert => ("POST", Uri.EscapeDataString(_table)),
                DocumentOperationKind.Replace or DocumentOperationKind.Upsert => ("PUT", AzureTableDocumentStore.EntityPath(_table, _partitionKey, operation.RowKey)),
                _ => ("DELETE", AzureTableDocumentStore.EntityPath(_table, _partitionKey, operation.RowKey)),
            };
            text.Append(method).Append(' ').Append(baseAddress).Append(path).Append(" HTTP/1.1\r\n");
            text.Append("Content-ID: ").Append(index.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            text.Append("Accept: application/json;odata=nometadata\r\n");
            text.Append("DataServiceVersion: 3.0\r\n");
            var etag = operation.Kind switch
            {
                DocumentOperationKind.Replace => operation.ETag ?? throw new ArgumentException($"Batch operation {index} (replace '{operation.RowKey}') needs an ETag."),
                DocumentOperationKind.Delete => operation.ETag ?? "*",
                _ => null,
            };
            if (etag is not null)
            {
                text.Append("If-Match: ").Append(etag).Append("\r\n");
            }

            if (operation.Kind == DocumentOperationKind.Delete)
            {
                text.Append("\r\n");
                continue;
            }

            entity.ResetWrittenCount();
            TableEntityCodec.Write(entity, _partitionKey, operation.RowKey, operation.Json
                ?? throw new ArgumentException($"Batch operation {index} ({operation.Kind} '{operation.RowKey}') needs a document."));
            text.Append("Content-Type: application/json\r\n");
            text.Append("Prefer: return-no-content\r\n");
            text.Append("Content-Length: ").Append(entity.WrittenCount.ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
            text.Append(Encoding.UTF8.GetString(entity.WrittenSpan)).Append("\r\n");
        }

        text.Append("--").Append(changesetBoundary).Append("--\r\n");
        text.Append("--").Append(_batchBoundary).Append("--\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>
    /// Reads the per-operation responses: on success one 2xx part per operation (with its ETag), on failure
    /// a single part with the failing status, which is mapped to the store's exceptions.
    /// </summary>
    public IReadOnlyList<string?> ReadResponse(Response response, string table)
    {
        var results = new List<(int Status, string? ETag)>();
        var text = response.Content.ToString();
        using (var reader = new StringReader(text))
        {
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                if (!line.StartsWith("HTTP/1.1 ", StringComparison.Ordinal))
                {
                    continue;
                }

                var status = int.Parse(line.AsSpan(9, 3), CultureInfo.InvariantCulture);
                string? etag = null;
                while ((line = reader.ReadLine()) is { Length: > 0 })
                {
                    if (line.StartsWith("ETag:", StringComparison.OrdinalIgnoreCase))
                    {
                        etag = line[5..].Trim();
                    }
                }

                results.Add((status, etag));
            }
        }

        foreach (var (status, _) in results)
        {
            if (status >= 300)
            {
                var failed = FailedOperation(text);
                throw status switch
                {
                    409 or 412 => new DocumentConflictException($"Batch on table '{table}' partition '{_partitionKey}' failed at {failed}: the document exists already or its ETag changed; nothing was written."),
                    404 => new DocumentNotFoundException($"Batch on table '{table}' partition '{_partitionKey}' failed at {failed}: the document does not exist; nothing was written."),
                    _ => new RequestFailedException(status, $"Batch on table '{table}' partition '{_partitionKey}' failed at {failed} with status {status}: {Truncate(text)}"),
                };
            }
        }

        if (results.Count != _operations.Count)
        {
            throw new InvalidDataException($"Batch on table '{_table}' answered {results.Count} results for {_operations.Count} operations.");
        }

        var etags = new string?[results.Count];
        for (var i = 0; i < results.Count; i++)
        {
            etags[i] = _operations[i].Kind == DocumentOperationKind.Delete ? null : results[i].ETag;
        }

        return etags;
    }

    // The service names the failing operation as "<index>:<message>" in the error body.
    private string FailedOperation(string text)
    {
        var marker = text.IndexOf("\"value\":\"", StringComparison.Ordinal);
        if (marker >= 0)
        {
            var start = marker + 9;
            var colon = text.IndexOf(':', start);
            if (colon > start && int.TryParse(text.AsSpan(start, colon - start), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < _operations.Count)
            {
                return $"operation {index} ({_operations[index].Kind} '{_operations[index].RowKey}')";
            }
        }

        return "an operation";
    }

    private static string Truncate(string text) => text.Length > 500 ? text[..500] : text;
}
