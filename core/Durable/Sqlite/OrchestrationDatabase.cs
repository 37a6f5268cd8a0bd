using Microsoft.Data.Sqlite;
using Serverless.Core.Storage.Embedded;

namespace Serverless.Core.Durable.Sqlite;

/// <summary>
/// The SQLite file of the orchestration store (WAL). This process's writes go through one long-lived connection,
/// one transaction at a time (BEGIN IMMEDIATE, so a read-then-write never fails on lock upgrade); reads use pooled
/// connections and run beside the writer. Writers of other processes are kept apart by SQLite's file locks.
/// </summary>
internal sealed class OrchestrationDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly string _writerPragmas;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private SqliteConnection? _writer;
    private bool _created;

    public OrchestrationDatabase(string filePath, SqliteSynchronousMode synchronous, TimeSpan busyTimeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        FilePath = Path.GetFullPath(filePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY for up to the command timeout.
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        }.ToString();
        _writerPragmas = $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA synchronous = {(synchronous == SqliteSynchronousMode.Full ? "FULL" : "NORMAL")};";
    }

    public string FilePath { get; }

    /// <summary>Runs <paramref name="work"/> in a write transaction and commits when it returns; rolls back when it throws.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = Writer();
            try
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                var result = work(connection, transaction);
                transaction.Commit();
                return result;
            }
            catch (SqliteException)
            {
                // The connection may be unusable (I/O error, disk full): start the next write on a fresh one.
                _writer = null;
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> on a pooled connection (a consistent snapshot when it reads in one statement or transaction).</summary>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return work(connection);
    }

    /// <summary>Switches the file to WAL and creates the schema (once per instance; idempotent across processes).</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _created))
        {
            return;
        }

        await WriteWithoutTransactionAsync(connection =>
        {
            using (var wal = connection.CreateCommand())
            {
                wal.CommandText = "PRAGMA journal_mode = WAL;";
                var mode = wal.ExecuteScalar() as string;
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException($"The orchestration store '{FilePath}' could not be switched to WAL mode (it reports '{mode}'); is it on a network file system?");
                }
            }

            OrchestrationSchema.Apply(connection);
        }, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _created, true);
    }

    /// <summary>Drops the schema; the next <see cref="EnsureCreatedAsync"/> recreates it.</summary>
    public async Task DropAsync(CancellationToken cancellationToken = default)
    {
        await WriteWithoutTransactionAsync(OrchestrationSchema.Drop, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _created, false);
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private async Task WriteWithoutTransactionAsync(Action<SqliteConnection> work, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            work(Writer());
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private SqliteConnection Writer()
    {
        if (_writer is { } open)
        {
            return open;
        }

        PrivateDirectory.Ensure(Path.GetDirectoryName(FilePath)!);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = _writerPragmas;
            pragmas.ExecuteNonQuery();
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        _writer = connection;
        return connection;
    }
}
