using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Serverless.Core.Storage.Embedded;

/// <summary><see cref="IBlobStore"/> on the embedded SQLite database (blobs are expected to be kilobytes to a few megabytes).</summary>
internal sealed class SqliteBlobStore(SqliteDatabase database) : IBlobStore
{
    public async Task<string> PutAsync(string container, string name, ReadOnlyMemory<byte> content, string? ifMatch = null, bool ifNoneExists = false, CancellationToken cancellationToken = default)
    {
        Validate(container, name);
        if (ifMatch is not null && ifNoneExists)
        {
            throw new ArgumentException("A put cannot require both an existing ETag and that the blob does not exist.", nameof(ifNoneExists));
        }

        // The parameter needs a byte[]; reuse the caller's array when the memory spans all of it.
        var bytes = MemoryMarshal.TryGetArray(content, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : content.ToArray();
        return await database.WriteAsync((connection, transaction) =>
        {
            var version = SqliteDatabase.NextVersion(connection, transaction);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.Parameters.AddWithValue("$container", container);
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.Add("$content", SqliteType.Blob).Value = bytes;
            command.Parameters.AddWithValue("$version", version);
            command.Parameters.AddWithValue("$now", database.NowMilliseconds());
            if (ifMatch is not null)
            {
                command.CommandText = "UPDATE blobs SET content = $content, version = $version, updated_at = $now WHERE container = $container AND name = $name AND version = $expected;";
                command.Parameters.AddWithValue("$expected", VersionETag.Parse(ifMatch));
                if (command.ExecuteNonQuery() == 0)
                {
                    throw new DocumentConflictException($"Blob '{container}/{name}' does not exist or has changed since ETag {ifMatch}.");
                }
            }
            else if (ifNoneExists)
            {
                command.CommandText = "INSERT INTO blobs (container, name, content, version, updated_at) VALUES ($container, $name, $content, $version, $now) ON CONFLICT DO NOTHING;";
                if (command.ExecuteNonQuery() == 0)
                {
                    throw new DocumentConflictException($"Blob '{container}/{name}' already exists.");
                }
            }
            else
            {
                command.CommandText = """
                    INSERT INTO blobs (container, name, content, version, updated_at) VALUES ($container, $name, $content, $version, $now)
                    ON CONFLICT (container, name) DO UPDATE SET content = excluded.content, version = excluded.version, updated_at = excluded.updated_at;
                    """;
                command.ExecuteNonQuery();
            }

            return VersionETag.Format(version);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoredBlob?> GetAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        Validate(container, name);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT content, version FROM blobs WHERE container = $container AND name = $name;";
        command.Parameters.AddWithValue("$container", container);
        command.Parameters.AddWithValue("$name", name);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!reader.Read())
        {
            return null;
        }

        var content = reader.IsDBNull(0) ? [] : (byte[])reader.GetValue(0);
        return new StoredBlob(name, content, VersionETag.Format(reader.GetInt64(1)));
    }

    public async Task<bool> DeleteAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        Validate(container, name);
        return await database.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM blobs WHERE container = $container AND name = $name;";
            command.Parameters.AddWithValue("$container", container);
            command.Parameters.AddWithValue("$name", name);
            return command.ExecuteNonQuery() > 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    private static void Validate(string container, string name)
    {
        StorageNames.ValidateContainer(container);
        StorageNames.ValidateBlobName(name);
    }
}
