using Serverless.Core.Storage.Embedded;

namespace Serverless.Storage.Tests.Embedded;

/// <summary>Looks at the database file directly, to check what the stores do not expose.</summary>
internal static class EmbeddedDatabaseInspection
{
    public static async Task<long> CountBlobsAsync(SqliteDatabase database, string container)
        => (long)(await ScalarAsync(database, "SELECT COUNT(*) FROM blobs WHERE container = $p;", container))!;

    public static async Task<object?> ScalarAsync(SqliteDatabase database, string sql, object? parameter = null)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (parameter is not null)
        {
            command.Parameters.AddWithValue("$p", parameter);
        }

        return await command.ExecuteScalarAsync();
    }

    public static async Task<int> ExecuteAsync(SqliteDatabase database, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }
}
