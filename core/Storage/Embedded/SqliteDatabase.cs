using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Serverless.Core.Storage.Embedded;

/// <summary>
/// The one SQLite file behind the embedded stores: opens connections with the right settings, creates the schema
/// on first use and serialises this process's writers.
/// </summary>
/// <remarks>
/// WAL mode lets readers run while one writer commits. Readers take connections from Microsoft.Data.Sqlite's pool,
/// one per operation, so any number of threads may read. Writers of this process go through one
/// <see cref="SqliteGroupCommit"/>: concurrent writes share a transaction and its fsync, and each is acknowledged
/// after that commit. Writers of other processes on the same file are kept apart by SQLite's own locks, waiting up
/// to the busy timeout.
/// </remarks>
public sealed partial class SqliteDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly string _connectionPragmas;
    // Shared by every instance: instances on the same file share one connection pool, and a handle keeps the
    // settings of whichever instance configured it last.
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, string> ConfiguredHandles = new();
    private readonly SqliteGroupCommit _writer;
    private readonly Lock _initializationLock = new();
    private Task? _initialization;
    private readonly ILogger _logger;

    /// <summary>A database in <paramref name="filePath"/> (created when missing); starts opening it and checking its schema in the background, so that start-up overlaps the I/O.</summary>
    public SqliteDatabase(string filePath, SqliteSynchronousMode synchronous = SqliteSynchronousMode.Full, TimeSpan? busyTimeout = null, TimeProvider? timeProvider = null, ILogger<SqliteDatabase>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        FilePath = Path.GetFullPath(filePath);
        TimeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<SqliteDatabase>.Instance;
        var timeout = busyTimeout ?? TimeSpan.FromSeconds(30);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(timeout.TotalSeconds),
        }.ToString();
        // Per connection, not per file: run on the first open of each underlying connection.
        _connectionPragmas = $"PRAGMA busy_timeout = {(long)timeout.TotalMilliseconds}; PRAGMA synchronous = {(synchronous == SqliteSynchronousMode.Full ? "FULL" : "NORMAL")};";
        _writer = new SqliteGroupCommit(OpenConnectionAsync);
        // Open the file and check its schema while the host builds the rest of the app (start-up overlaps the I/O);
        // a failure here is reported to, and retried by, the first caller.
        _ = EnsureInitializedAsync();
    }

    /// <summary>The database file's full path.</summary>
    public string FilePath { get; }

    /// <summary>The clock of every time column.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Milliseconds since the Unix epoch, the unit of every time column.</summary>
    internal long NowMilliseconds() => TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Opens a connection for reading (or a single self-contained statement).</summary>
    internal async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction (BEGIN IMMEDIATE, possibly shared with other writes, see
    /// <see cref="SqliteGroupCommit"/>) and returns once that transaction committed. A throw undoes the work's writes.
    /// </summary>
    internal Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken)
        => WriteAsync(work, singleStatement: false, cancellationToken);

    /// <summary>
    /// <see cref="WriteAsync{T}(Func{SqliteConnection, SqliteTransaction, T}, CancellationToken)"/> for work that changes
    /// the database with one statement at most (reads around it allowed): SQLite undoes a failing statement by itself,
    /// so the shared transaction needs no savepoint around it.
    /// </summary>
    internal Task<T> WriteStatementAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken)
        => WriteAsync(work, singleStatement: true, cancellationToken);

    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, bool singleStatement, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return await _writer.WriteAsync(work, singleStatement, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes the next value of the database-wide version counter (ETags never repeat, even after a delete).</summary>
    internal static long NextVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        return (long)connection.Reused(transaction, "UPDATE counters SET value = value + 1 WHERE name = 'version' RETURNING value;").ExecuteScalar()!;
    }

    /// <summary>Commits the writes already queued, then closes the file's pooled connections so that it can be moved or deleted.</summary>
    public void Dispose()
    {
        // Writes queued before this still commit; the writer's connection closes with its loop.
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        // Pooled connections keep the file open; release them so the directory can be moved or deleted.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>Creates the schema once per instance; a failed attempt (e.g. a full disk) is retried by the next caller.</summary>
    private Task EnsureInitializedAsync()
    {
        var initialization = Volatile.Read(ref _initialization);
        if (initialization is { IsFaulted: false, IsCanceled: false })
        {
            return initialization;
        }

        lock (_initializationLock)
        {
            if (_initialization is null or { IsFaulted: true } or { IsCanceled: true })
            {
                _initialization = Task.Run(InitializeAsync);
            }

            return _initialization;
        }
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // A pooled connection keeps its settings: configure each underlying handle once, not on every open.
            if (!ConfiguredHandles.TryGetValue(connection.Handle!, out var applied) || !string.Equals(applied, _connectionPragmas, StringComparison.Ordinal))
            {
                using var command = connection.CreateCommand();
                command.CommandText = _connectionPragmas;
                command.ExecuteNonQuery();
                ConfiguredHandles.AddOrUpdate(connection.Handle!, _connectionPragmas);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task InitializeAsync()
    {
        PrivateDirectory.Ensure(Path.GetDirectoryName(FilePath)!);

        await using var connection = await OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        using (var command = connection.CreateCommand())
        {
            // Persistent in the file; must run outside a transaction.
            command.CommandText = "PRAGMA journal_mode = WAL;";
            var mode = command.ExecuteScalar() as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite database '{FilePath}' could not be switched to WAL mode (it reports '{mode}'); is it on a network file system?");
            }
        }

        var applied = SqliteSchema.Migrate(connection);
        if (applied.Count > 0)
        {
            LogMigrated(_logger, FilePath, string.Join(", ", applied));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage database {FilePath}: applied schema migrations {Migrations}.")]
    private static partial void LogMigrated(ILogger logger, string filePath, string migrations);
}
