using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Serverless.Core.Storage.Embedded;

/// <summary>
/// The one writer of a <see cref="SqliteDatabase"/> in this process (group commit): writes queue up, and a single
/// loop runs every write waiting at that moment inside one transaction, each in its own savepoint, then commits
/// once. One commit (one WAL fsync with <c>synchronous = FULL</c>) thus serves many concurrent writers, and each
/// writer is answered only after the commit that holds its write returned, so an acknowledged write is on disk.
/// </summary>
/// <remarks>
/// A write that throws is rolled back to its savepoint and fails alone; the others of its group still commit. It is
/// answered with its failure only after that commit too: a caller that lost a race (a conflict) and reads again must
/// find the winner's write, which may be in the same group.
/// Should the transaction itself fail (the commit, or an error that aborts it, e.g. a full disk), every write of
/// the group fails and nothing of it is kept. Writes queued while a group commits form the next group, so no
/// write waits for a timer: under light load a group is one write, under heavy load it is everything that queued
/// during the previous fsync.
/// </remarks>
internal sealed class SqliteGroupCommit : IAsyncDisposable
{
    /// <summary>Most writes per transaction: bounds how long the first writer of a large group waits for the last.</summary>
    public const int MaxGroupSize = 256;

    // Prepared once on the writer's connection (SqliteStatements), unlike SqliteTransaction.Save's fresh commands.
    private const string SaveSql = "SAVEPOINT write;";
    private const string ReleaseSql = "RELEASE write;";
    private const string RollbackSql = "ROLLBACK TO write;";

    private readonly Func<CancellationToken, Task<SqliteConnection>> _open;
    private readonly Channel<Write> _queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public SqliteGroupCommit(Func<CancellationToken, Task<SqliteConnection>> open)
    {
        _open = open;
        _loop = Task.Run(RunAsync);
    }

    /// <param name="singleStatement">The work changes the database with one statement at most: no savepoint needed.</param>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, bool singleStatement, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var write = new Write<T>(work, singleStatement, cancellationToken);
        if (!_queue.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(SqliteDatabase), "The storage database is closed.");
        }

        return write.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var group = new List<Write>(MaxGroupSize);
        SqliteConnection? connection = null;
        try
        {
            while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                group.Clear();
                while (group.Count < MaxGroupSize && _queue.Reader.TryRead(out var write))
                {
                    if (!write.CancelIfRequested())
                    {
                        group.Add(write);
                    }
                }

                if (group.Count == 0)
                {
                    continue;
                }

                try
                {
                    connection ??= await _open(CancellationToken.None).ConfigureAwait(false);
                    Commit(connection, group);
                }
                catch (Exception exception)
                {
                    // The group is lost as a whole; a broken connection is replaced for the next one.
                    foreach (var write in group)
                    {
                        write.Fail(exception);
                    }

                    if (connection is not null)
                    {
                        await connection.DisposeAsync().ConfigureAwait(false);
                        connection = null;
                    }
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs the group in one transaction and answers every write once it committed (or failed).</summary>
    private static void Commit(SqliteConnection connection, List<Write> group)
    {
        // A lone write needs no savepoint: its own failure may roll the whole transaction back. Nor does a
        // single-statement write: SQLite undoes a failing statement and keeps the transaction.
        var single = group.Count == 1;
        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            foreach (var write in group)
            {
                var savepoint = !single && !write.SingleStatement;
                if (savepoint)
                {
                    connection.Reused(transaction, SaveSql).ExecuteNonQuery();
                }

                try
                {
                    write.Run(connection, transaction);
                    if (savepoint)
                    {
                        connection.Reused(transaction, ReleaseSql).ExecuteNonQuery();
                    }
                }
                catch (Exception exception) when (!AbortsTransaction(exception))
                {
                    write.Reject(exception);
                    if (single)
                    {
                        transaction.Rollback();
                        write.Answer();
                        return;
                    }

                    if (savepoint)
                    {
                        connection.Reused(transaction, RollbackSql).ExecuteNonQuery();
                        connection.Reused(transaction, ReleaseSql).ExecuteNonQuery();
                    }
                }
            }

            transaction.Commit();
        }

        foreach (var write in group)
        {
            write.Answer();
        }
    }

    /// <summary>Out of memory, I/O error, corrupt file, full disk, not a database: the group cannot go on.</summary>
    private static bool AbortsTransaction(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 7 or 10 or 11 or 13 or 26 };

    private abstract class Write(bool singleStatement)
    {
        public bool SingleStatement => singleStatement;

        /// <summary>Runs the work; a throw is the write's own failure.</summary>
        public abstract void Run(SqliteConnection connection, SqliteTransaction transaction);

        /// <summary>Keeps the write's own failure, answered by <see cref="Answer"/> once its group is over.</summary>
        public abstract void Reject(Exception exception);

        /// <summary>Answers the writer with its result, or with its own failure.</summary>
        public abstract void Answer();

        /// <summary>Answers the writer with its own failure, or else <paramref name="exception"/> (the group was lost).</summary>
        public abstract void Fail(Exception exception);

        /// <summary>Drops a write whose caller gave up before it ran; true when dropped.</summary>
        public abstract bool CancelIfRequested();
    }

    private sealed class Write<T>(Func<SqliteConnection, SqliteTransaction, T> work, bool singleStatement, CancellationToken cancellationToken) : Write(singleStatement)
    {
        // Continuations run on the pool, not on the writer loop, which goes on to the next group at once.
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;
        private Exception? _failure;

        public Task<T> Task => _completion.Task;

        public override void Run(SqliteConnection connection, SqliteTransaction transaction) => _result = work(connection, transaction);

        public override void Reject(Exception exception) => _failure = exception;

        public override void Answer()
        {
            if (_failure is not null)
            {
                _completion.TrySetException(_failure);
            }
            else
            {
                _completion.TrySetResult(_result);
            }
        }

        public override void Fail(Exception exception) => _completion.TrySetException(_failure ?? exception);

        public override bool CancelIfRequested() => cancellationToken.IsCancellationRequested && _completion.TrySetCanceled(cancellationToken);
    }
}
