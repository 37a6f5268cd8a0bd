using Serverless.Core.Storage.Embedded;

namespace Serverless.Storage.Tests.Embedded;

/// <summary>One database file shared by the tests of a class, the way one app instance shares it.</summary>
public sealed class EmbeddedDatabaseFixture : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public EmbeddedDatabaseFixture()
    {
        Database = new SqliteDatabase(Path.Combine(_directory.Path, EmbeddedStorageOptions.DatabaseFileName));
    }

    public SqliteDatabase Database { get; }

    public string DataDirectory => _directory.Path;

    public void Dispose()
    {
        Database.Dispose();
        _directory.Dispose();
    }
}
