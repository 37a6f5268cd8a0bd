using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Serverless.Core.Storage.Embedded;

/// <summary>
/// Commands reused per connection and SQL text, so each statement is parsed and prepared once, not on every
/// execution: for the group-commit writer's connection, which lives as long as the database and runs every write.
/// </summary>
internal static class SqliteStatements
{
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> Cache = new();

    /// <summary>
    /// The connection's command for <paramref name="sql"/>, in <paramref name="transaction"/>, its parameters cleared.
    /// Owned by the connection (closed with it): do not dispose it, and use it from one thread at a time.
    /// </summary>
    public static SqliteCommand Reused(this SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var commands = Cache.GetValue(connection, static _ => new Dictionary<string, SqliteCommand>(StringComparer.Ordinal));
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands[sql] = command;
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }
}
