using Microsoft.Data.Sqlite;
using Xunit;

namespace Serverless.Storage.Tests.Embedded;

public sealed class SqliteRuntimeTests
{
    [Fact]
    public void NativeSqliteLoadsAndSupportsReturning()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE t(v INTEGER); INSERT INTO t(v) VALUES (41) RETURNING v + 1;";
        Assert.Equal(42L, command.ExecuteScalar());
        Assert.StartsWith("3.", connection.ServerVersion, StringComparison.Ordinal);
    }
}
