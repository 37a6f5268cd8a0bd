using Microsoft.Data.Sqlite;

namespace Serverless.Core.Storage.Embedded;

/// <summary>The embedded database's schema as an append-only list of migrations, recorded in <c>schema_migrations</c>.</summary>
internal static class SqliteSchema
{
    private static readonly (int Version, string Name, string Sql)[] Migrations =
    [
        (1, "initial", """
            CREATE TABLE counters (
                name  TEXT PRIMARY KEY,
                value INTEGER NOT NULL
            );
            INSERT INTO counters (name, value) VALUES ('version', 0);

            CREATE TABLE documents (
                table_name    TEXT NOT NULL,
                partition_key TEXT NOT NULL,
                row_key       TEXT NOT NULL,
                json          TEXT NOT NULL,
                version       INTEGER NOT NULL,
                updated_at    INTEGER NOT NULL,
                PRIMARY KEY (table_name, partition_key, row_key)
            );

            CREATE TABLE queue_messages (
                id            INTEGER PRIMARY KEY AUTOINCREMENT,
                queue         TEXT NOT NULL,
                body          TEXT NOT NULL,
                inserted_at   INTEGER NOT NULL,
                visible_at    INTEGER NOT NULL,
                dequeue_count INTEGER NOT NULL DEFAULT 0,
                receipt       TEXT
            );
            CREATE INDEX queue_messages_by_visibility ON queue_messages (queue, visible_at, id);

            CREATE TABLE blobs (
                container  TEXT NOT NULL,
                name       TEXT NOT NULL,
                content    BLOB NOT NULL,
                version    INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (container, name)
            );

            CREATE TABLE secrets (
                name       TEXT PRIMARY KEY,
                sealed     BLOB NOT NULL,
                updated_at INTEGER NOT NULL
            );

            CREATE TABLE settings (
                name  TEXT PRIMARY KEY,
                value BLOB NOT NULL
            );
            """),
    ];

    /// <summary>Applies the missing migrations in one write transaction; safe when several processes start at once.</summary>
    /// <returns>The versions applied now.</returns>
    public static IReadOnlyList<int> Migrate(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL);");

        var done = new HashSet<int>();
        using (var query = connection.CreateCommand())
        {
            query.Transaction = transaction;
            query.CommandText = "SELECT version FROM schema_migrations;";
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                done.Add(reader.GetInt32(0));
            }
        }

        var latest = Migrations[^1].Version;
        if (done.Count > 0 && done.Max() > latest)
        {
            throw new InvalidOperationException($"The storage database has schema version {done.Max()}, newer than this build understands ({latest}).");
        }

        var applied = new List<int>();
        foreach (var (version, name, sql) in Migrations)
        {
            if (done.Contains(version))
            {
                continue;
            }

            Execute(connection, transaction, sql);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($version, $name, $at);";
            record.Parameters.AddWithValue("$version", version);
            record.Parameters.AddWithValue("$name", name);
            record.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            record.ExecuteNonQuery();
            applied.Add(version);
        }

        transaction.Commit();
        return applied;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
