using Microsoft.Data.Sqlite;

namespace Serverless.Core.Durable.Sqlite;

/// <summary>
/// The orchestration store's tables, versioned with <c>PRAGMA user_version</c> (the file holds nothing else).
/// Times are milliseconds since the Unix epoch; event columns hold <see cref="HistoryEventCodec"/> JSON.
/// </summary>
internal static class OrchestrationSchema
{
    public const int Version = 1;

    private const string Tables = """
        -- One row per instance: its latest execution's status, and the instance lock. next_message_at is the
        -- earliest visible_at of its messages (NULL when none), so finding ready work is one index range.
        CREATE TABLE instances (
            instance_id        TEXT PRIMARY KEY,
            execution_id       TEXT NOT NULL,
            name               TEXT NOT NULL,
            version            TEXT,
            status             INTEGER NOT NULL,
            created_at         INTEGER NOT NULL,
            last_updated_at    INTEGER NOT NULL,
            completed_at       INTEGER,
            scheduled_start_at INTEGER,
            input              TEXT,
            output             TEXT,
            custom_status      TEXT,
            failure_details    TEXT,
            tags               TEXT,
            parent             TEXT,
            next_message_at    INTEGER,
            lock_owner         TEXT,
            lock_token         INTEGER,
            lock_expires_at    INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX instances_ready ON instances (next_message_at) WHERE next_message_at IS NOT NULL;
        CREATE INDEX instances_locked ON instances (lock_owner) WHERE lock_owner IS NOT NULL;
        CREATE INDEX instances_created ON instances (created_at);
        CREATE INDEX instances_updated ON instances (last_updated_at);

        -- The history of each instance's current execution (ContinueAsNew and restarts replace it).
        CREATE TABLE history (
            instance_id  TEXT NOT NULL,
            sequence     INTEGER NOT NULL,
            execution_id TEXT NOT NULL,
            event_type   INTEGER NOT NULL,
            event        TEXT NOT NULL,
            PRIMARY KEY (instance_id, sequence)
        ) WITHOUT ROWID;

        -- Orchestrator messages: new events for an instance (start, activity results, timers, external events,
        -- sub-orchestration results, terminate). A timer is a message visible from its fire time.
        CREATE TABLE messages (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            instance_id  TEXT NOT NULL,
            execution_id TEXT,
            event_type   INTEGER NOT NULL,
            event        TEXT NOT NULL,
            visible_at   INTEGER NOT NULL
        );
        CREATE INDEX messages_by_instance ON messages (instance_id, visible_at);

        -- Activity work items; available_at moves forward while one is locked.
        CREATE TABLE activities (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            instance_id   TEXT NOT NULL,
            execution_id  TEXT,
            event         TEXT NOT NULL,
            available_at  INTEGER NOT NULL,
            lock_owner    TEXT,
            lock_token    INTEGER,
            dequeue_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX activities_available ON activities (available_at, id);
        CREATE INDEX activities_locked ON activities (lock_owner) WHERE lock_owner IS NOT NULL;
        CREATE INDEX activities_by_instance ON activities (instance_id);
        """;

    /// <summary>Creates the tables in one transaction when the file is new; refuses a newer schema.</summary>
    public static void Apply(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (version > Version)
        {
            throw new InvalidOperationException($"The orchestration store has schema version {version}, newer than this build understands ({Version}).");
        }

        if (version < Version)
        {
            using var create = connection.CreateCommand();
            create.Transaction = transaction;
            create.CommandText = Tables + $"\nPRAGMA user_version = {Version};";
            create.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>Drops everything (<c>DeleteAsync</c>); the next <see cref="Apply"/> starts afresh.</summary>
    public static void Drop(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        using var drop = connection.CreateCommand();
        drop.Transaction = transaction;
        drop.CommandText = "DROP TABLE IF EXISTS instances; DROP TABLE IF EXISTS history; DROP TABLE IF EXISTS messages; DROP TABLE IF EXISTS activities; PRAGMA user_version = 0;";
        drop.ExecuteNonQuery();
        transaction.Commit();
    }
}
