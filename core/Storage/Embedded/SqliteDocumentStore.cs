using System.Buffers.Text;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Serverless.Core.Storage.Embedded;

/// <summary>
/// <see cref="IDocumentStore"/> on the embedded SQLite database. Row keys sort by their UTF-8 bytes, which is
/// ordinal order except that characters beyond U+FFFF sort after U+E000–U+FFFF.
/// </summary>
internal sealed class SqliteDocumentStore(SqliteDatabase database) : IDocumentStore
{
    private const int MaxBatchSize = 100;
    private const int MaxPageSize = 1000;

    public async Task<StoredDocument?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        ValidateAddress(table, partitionKey, rowKey);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT row_key, json, version, updated_at FROM documents WHERE table_name = $table AND partition_key = $pk AND row_key = $rk;";
        command.Parameters.AddWithValue("$table", table);
        command.Parameters.AddWithValue("$pk", partitionKey);
        command.Parameters.AddWithValue("$rk", rowKey);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return reader.Read() ? ReadDocument(reader, partitionKey) : null;
    }

    public Task<string> InsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default)
        => WriteOneAsync(table, partitionKey, DocumentOperation.Insert(rowKey, json), cancellationToken);

    public Task<string> ReplaceAsync(string table, string partitionKey, string rowKey, string json, string etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(etag);
        return WriteOneAsync(table, partitionKey, DocumentOperation.Replace(rowKey, json, etag), cancellationToken);
    }

    public Task<string> UpsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default)
        => WriteOneAsync(table, partitionKey, DocumentOperation.Upsert(rowKey, json), cancellationToken);

    public async Task<bool> DeleteAsync(string table, string partitionKey, string rowKey, string? etag = null, CancellationToken cancellationToken = default)
    {
        var operation = DocumentOperation.Delete(rowKey, etag);
        Validate(table, partitionKey, operation);
        // A delete is one statement (and a read when its ETag no longer matches).
        return await database.WriteStatementAsync((connection, transaction) => Apply(connection, transaction, table, partitionKey, operation, database.NowMilliseconds()).Existed, cancellationToken).ConfigureAwait(false);
    }

    public Task<DocumentPage> QueryAsync(string table, string partitionKey, int maxCount, string? continuationToken = null, CancellationToken cancellationToken = default)
        => QueryRangeAsync(table, partitionKey, null, null, maxCount, continuationToken, cancellationToken);

    public Task<DocumentPage> QueryPrefixAsync(string table, string partitionKey, string rowKeyPrefix, int maxCount, string? continuationToken = null, CancellationToken cancellationToken = default)
        => QueryRangeAsync(table, partitionKey, rowKeyPrefix, StorageNames.PrefixEnd(rowKeyPrefix), maxCount, continuationToken, cancellationToken);

    /// <summary>One page of the partition's rows from <paramref name="from"/> (inclusive) to <paramref name="end"/> (exclusive), null meaning unbounded.</summary>
    private async Task<DocumentPage> QueryRangeAsync(string table, string partitionKey, string? from, string? end, int maxCount, string? continuationToken, CancellationToken cancellationToken)
    {
        StorageNames.ValidateTable(table);
        StorageNames.ValidateKey(partitionKey, nameof(partitionKey));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxCount, MaxPageSize);
        var after = continuationToken is null ? null : DecodeContinuation(continuationToken);

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT row_key, json, version, updated_at FROM documents WHERE table_name = $table AND partition_key = $pk"
            + (after is not null ? " AND row_key > $after" : from is not null ? " AND row_key >= $from" : "")
            + (end is not null ? " AND row_key < $end" : "")
            + " ORDER BY row_key LIMIT $limit;";
        command.Parameters.AddWithValue("$table", table);
        command.Parameters.AddWithValue("$pk", partitionKey);
        command.Parameters.AddWithValue("$after", after ?? "");
        command.Parameters.AddWithValue("$from", from ?? "");
        command.Parameters.AddWithValue("$end", end ?? "");
        // One more than asked tells whether another page exists, so the last page carries no token.
        command.Parameters.AddWithValue("$limit", maxCount + 1);

        var documents = new List<StoredDocument>(Math.Min(maxCount + 1, 128));
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (reader.Read())
            {
                documents.Add(ReadDocument(reader, partitionKey));
            }
        }

        if (documents.Count <= maxCount)
        {
            return new DocumentPage(documents, null);
        }

        documents.RemoveAt(maxCount);
        return new DocumentPage(documents, EncodeContinuation(documents[^1].RowKey));
    }

    public async Task<IReadOnlyList<string?>> ExecuteBatchAsync(string table, string partitionKey, IReadOnlyList<DocumentOperation> operations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        if (operations.Count > MaxBatchSize)
        {
            throw new ArgumentException($"A batch holds at most {MaxBatchSize} operations; this one has {operations.Count}.", nameof(operations));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < operations.Count; i++)
        {
            Validate(table, partitionKey, operations[i], $"{nameof(operations)}[{i}]");
            if (!seen.Add(operations[i].RowKey))
            {
                throw new ArgumentException($"Row key '{operations[i].RowKey}' appears more than once in the batch (operations[{i}]).", nameof(operations));
            }
        }

        if (operations.Count == 0)
        {
            return [];
        }

        // An exception from any operation leaves WriteAsync before the commit, which rolls everything back.
        return await database.WriteAsync((connection, transaction) =>
        {
            var etags = new string?[operations.Count];
            var now = database.NowMilliseconds();
            for (var i = 0; i < operations.Count; i++)
            {
                (etags[i], var existed) = Apply(connection, transaction, table, partitionKey, operations[i], now);
                if (!existed && operations[i].Kind == DocumentOperationKind.Delete)
                {
                    // As Azure Table storage fails the transaction (IDocumentStore.ExecuteBatchAsync's contract).
                    throw new DocumentNotFoundException($"Batch on table '{table}' partition '{partitionKey}' failed at operation {i} (Delete '{operations[i].RowKey}'): the document does not exist; nothing was written.");
                }
            }

            return (IReadOnlyList<string?>)etags;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> WriteOneAsync(string table, string partitionKey, DocumentOperation operation, CancellationToken cancellationToken)
    {
        Validate(table, partitionKey, operation);
        return await database.WriteAsync((connection, transaction) => Apply(connection, transaction, table, partitionKey, operation, database.NowMilliseconds()).ETag!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies one operation inside a write transaction; throws when its condition fails.</summary>
    private static (string? ETag, bool Existed) Apply(SqliteConnection connection, SqliteTransaction transaction, string table, string partitionKey, DocumentOperation operation, long now)
    {
        if (operation.Kind == DocumentOperationKind.Delete)
        {
            if (operation.ETag is null)
            {
                return (null, Command(connection, transaction, DeleteSql, table, partitionKey, operation.RowKey).ExecuteNonQuery() > 0);
            }

            var conditional = Command(connection, transaction, DeleteIfVersionSql, table, partitionKey, operation.RowKey);
            conditional.Parameters.AddWithValue("$expected", VersionETag.Parse(operation.ETag));
            if (conditional.ExecuteNonQuery() > 0)
            {
                return (null, true);
            }

            return Exists(connection, transaction, table, partitionKey, operation.RowKey)
                ? throw new DocumentConflictException($"Document '{partitionKey}/{operation.RowKey}' in table '{table}' has changed since ETag {operation.ETag}.")
                : (null, false);
        }

        var version = SqliteDatabase.NextVersion(connection, transaction);
        var command = Command(connection, transaction, operation.Kind switch
        {
            DocumentOperationKind.Insert => InsertSql,
            DocumentOperationKind.Replace => ReplaceSql,
            DocumentOperationKind.Upsert => UpsertSql,
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation.Kind, "Unknown document operation."),
        }, table, partitionKey, operation.RowKey);
        command.Parameters.AddWithValue("$json", operation.Json);
        command.Parameters.AddWithValue("$version", version);
        command.Parameters.AddWithValue("$now", now);
        switch (operation.Kind)
        {
            case DocumentOperationKind.Insert:
                if (command.ExecuteNonQuery() == 0)
                {
                    throw new DocumentConflictException($"Document '{partitionKey}/{operation.RowKey}' already exists in table '{table}'.");
                }

                return (VersionETag.Format(version), false);

            case DocumentOperationKind.Replace:
                command.Parameters.AddWithValue("$expected", VersionETag.Parse(operation.ETag!));
                if (command.ExecuteNonQuery() == 0)
                {
                    throw Exists(connection, transaction, table, partitionKey, operation.RowKey)
                        ? new DocumentConflictException($"Document '{partitionKey}/{operation.RowKey}' in table '{table}' has changed since ETag {operation.ETag}.")
                        : new DocumentNotFoundException($"Document '{partitionKey}/{operation.RowKey}' does not exist in table '{table}'.");
                }

                return (VersionETag.Format(version), true);

            default:
                command.ExecuteNonQuery();
                return (VersionETag.Format(version), true);
        }
    }

    private const string DeleteSql = "DELETE FROM documents WHERE table_name = $table AND partition_key = $pk AND row_key = $rk;";
    private const string DeleteIfVersionSql = "DELETE FROM documents WHERE table_name = $table AND partition_key = $pk AND row_key = $rk AND version = $expected;";
    private const string InsertSql = "INSERT INTO documents (table_name, partition_key, row_key, json, version, updated_at) VALUES ($table, $pk, $rk, $json, $version, $now) ON CONFLICT DO NOTHING;";
    private const string ReplaceSql = "UPDATE documents SET json = $json, version = $version, updated_at = $now WHERE table_name = $table AND partition_key = $pk AND row_key = $rk AND version = $expected;";
    private const string UpsertSql = """
        INSERT INTO documents (table_name, partition_key, row_key, json, version, updated_at) VALUES ($table, $pk, $rk, $json, $version, $now)
        ON CONFLICT (table_name, partition_key, row_key) DO UPDATE SET json = excluded.json, version = excluded.version, updated_at = excluded.updated_at;
        """;
    private const string ExistsSql = "SELECT 1 FROM documents WHERE table_name = $table AND partition_key = $pk AND row_key = $rk;";

    /// <summary>The writer connection's prepared command for <paramref name="sql"/>, with the document's address bound.</summary>
    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, string table, string partitionKey, string rowKey)
    {
        var command = connection.Reused(transaction, sql);
        command.Parameters.AddWithValue("$table", table);
        command.Parameters.AddWithValue("$pk", partitionKey);
        command.Parameters.AddWithValue("$rk", rowKey);
        return command;
    }

    private static bool Exists(SqliteConnection connection, SqliteTransaction transaction, string table, string partitionKey, string rowKey) =>
        Command(connection, transaction, ExistsSql, table, partitionKey, rowKey).ExecuteScalar() is not null;

    private static StoredDocument ReadDocument(SqliteDataReader reader, string partitionKey) => new(
        partitionKey,
        reader.GetString(0),
        reader.GetString(1),
        VersionETag.Format(reader.GetInt64(2)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));

    private static void ValidateAddress(string table, string partitionKey, string rowKey)
    {
        StorageNames.ValidateTable(table);
        StorageNames.ValidateKey(partitionKey, nameof(partitionKey));
        StorageNames.ValidateKey(rowKey, nameof(rowKey));
    }

    private static void Validate(string table, string partitionKey, DocumentOperation operation, string parameterName = "operation")
    {
        ArgumentNullException.ThrowIfNull(operation, parameterName);
        ValidateAddress(table, partitionKey, operation.RowKey);
        if (operation.Kind != DocumentOperationKind.Delete && operation.Json is null)
        {
            throw new ArgumentException($"{operation.Kind} of '{operation.RowKey}' needs a JSON document.", parameterName);
        }

        if (operation.Kind == DocumentOperationKind.Replace && operation.ETag is null)
        {
            throw new ArgumentException($"Replace of '{operation.RowKey}' needs an ETag.", parameterName);
        }
    }

    private static string EncodeContinuation(string lastRowKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastRowKey));

    private static string DecodeContinuation(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw new ArgumentException("The continuation token is not one this store issued.", nameof(token));
        }
    }
}
