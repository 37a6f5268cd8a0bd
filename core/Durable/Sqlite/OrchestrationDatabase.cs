using System.Threading.Channels;
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
    private const int MaxBatch = 64;
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Channel<PendingWrite> _pending = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _writerLoop;
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

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction and commits when it returns; when it throws, none of its
    /// writes are kept and the exception is rethrown here.
    /// </summary>
    /// <remarks>
    /// Group commit: writes queued while another batch commits run together in the next transaction, each inside a
    /// savepoint of its own (one failing is rolled back alone), so a busy engine pays one commit (and one fsync)
    /// for many work items while an idle one commits each write at once.
    /// </remarks>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var write = new PendingWrite<T>(work);
        if (!_pending.Writer.TryWrite(write))
        {
            // Disposed: the writer loop has ended and would never settle this write.
            return Task.FromException<T>(new ObjectDisposedException(nameof(OrchestrationDatabase)));
        }

        EnsureWriterRunning();
        return write.Task.WaitAsync(cancellationToken);
    }

    private void EnsureWriterRunning()
    {
        if (Volatile.Read(ref _writerLoop) is null)
        {
            lock (_pending)
            {
                _writerLoop ??= Task.Run(WriteLoopAsync);
            }
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            await _writeGate.WaitAsync().ConfigureAwait(false);
            try
            {
                CommitBatch(batch);
            }
            finally
            {
                _writeGate.Release();
            }

            foreach (var write in batch)
            {
                write.Settle();
            }

            batch.Clear();
        }
    }

    private void CommitBatch(List<PendingWrite> batch)
    {
        SqliteConnection? connection = null;
        try
        {
            connection = Writer();
            using var transaction = connection.BeginTransaction(deferred: false);
            var alone = batch.Count == 1;
            foreach (var write in batch)
            {
                if (alone)
                {
                    write.Run(connection, transaction);
                    continue;
                }

                transaction.Save("work");
                if (write.Run(connection, transaction))
                {
                    transaction.Release("work");
                }
                else
                {
                    transaction.Rollback("work");
                    transaction.Release("work");
                }
            }

            if (alone && batch[0].Failed)
            {
                transaction.Rollback();
                return;
            }

            transaction.Commit();
        }
        catch (Exception exception)
        {
            foreach (var write in batch)
            {
                write.Fail(exception);
            }

            if (exception is SqliteException && connection is not null)
            {
                // The connection may be unusable (I/O error, disk full): start the next batch on a fresh one.
                _writer = null;
                connection.Dispose();
            }
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
        // Writes already queued still commit: the loop drains the queue and ends. Until it has, a batch may be using
        // the writer connection on another thread, so wait for it (and for any schema write) before closing it.
        _pending.Writer.TryComplete();
        try
        {
            Volatile.Read(ref _writerLoop)?.Wait(DisposeWait);
        }
        catch (AggregateException)
        {
            // The loop's own failures were handed to the writes it was running.
        }

        var gated = _writeGate.Wait(DisposeWait);
        _writer?.Dispose();
        _writer = null;
        if (gated)
        {
            _writeGate.Release();
        }

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

    /// <summary>A queued write: its work, then its outcome once the batch has committed.</summary>
    private abstract class PendingWrite
    {
        public bool Failed { get; protected set; }

        /// <summary>Runs the work; false when it threw (its exception is kept for <see cref="Settle"/>).</summary>
        public abstract bool Run(SqliteConnection connection, SqliteTransaction transaction);

        public abstract void Fail(Exception exception);

        /// <summary>Completes the caller's task after the commit (or with the failure).</summary>
        public abstract void Settle();
    }

    private sealed class PendingWrite<T>(Func<SqliteConnection, SqliteTransaction, T> work) : PendingWrite
    {
        private readonly TaskCompletionSource<T> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _exception;

        public Task<T> Task => _outcome.Task;

        public override bool Run(SqliteConnection connection, SqliteTransaction transaction)
        {
            try
            {
                _result = work(connection, transaction);
                return true;
            }
            catch (Exception exception)
            {
                _exception = exception;
                Failed = true;
                return false;
            }
        }

        public override void Fail(Exception exception)
        {
            _exception ??= exception;
            Failed = true;
        }

        public override void Settle()
        {
            if (_exception is not null)
            {
                _outcome.TrySetException(_exception);
            }
            else
            {
                _outcome.TrySetResult(_result!);
            }
        }
    }
}
