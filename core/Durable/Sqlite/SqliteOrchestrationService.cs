using DurableTask.Core;
using DurableTask.Core.Query;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Serverless.Core.Durable.Sqlite;

/// <summary>
/// A durable DTFx orchestration service on one SQLite file: instances, history, orchestrator messages (timers are
/// messages visible from their fire time), activity work items, external events, ContinueAsNew, terminate, purge
/// and status queries. Each work item's completion is one transaction. Locks carry an owner and a token: the owner's
/// locks are renewed together while the process lives, a completion whose token was taken over is refused, and the
/// locks of a dead process are taken back when the next one starts.
/// </summary>
/// <remarks>
/// Idle waiting costs one indexed read per <see cref="SqliteOrchestrationServiceOptions.PollInterval"/>: writes by
/// this process wake its waiters at once, and a fetch sleeps exactly until the next timer is due.
/// </remarks>
public sealed partial class SqliteOrchestrationService :
    IOrchestrationService, IOrchestrationServiceClient, IOrchestrationServicePurgeClient, IOrchestrationServiceQueryClient, IDisposable
{
    private readonly SqliteOrchestrationServiceOptions _options;
    private readonly OrchestrationDatabase _database;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LockOwner _owner = LockOwner.ForThisProcess();
    private readonly string _ownerText;
    private readonly WorkSignal _orchestrationWork = new();
    private readonly WorkSignal _activityWork = new();
    private readonly CompletionWaiters _completions;
    private readonly Lock _lifecycle = new();
    private CancellationTokenSource? _running;
    private Task? _renewal;
    private long _lastLockToken;
    private int _heldLocks;
    private bool _disposed;

    /// <summary>A service over the SQLite file at <see cref="SqliteOrchestrationServiceOptions.DatabasePath"/>; <see cref="StartAsync"/> creates its schema.</summary>
    public SqliteOrchestrationService(SqliteOrchestrationServiceOptions options, TimeProvider? timeProvider = null, ILogger<SqliteOrchestrationService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LockTimeout, TimeSpan.FromSeconds(1), nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.PollInterval, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentOrchestrations, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentActivities, 1, nameof(options));
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<SqliteOrchestrationService>.Instance;
        _database = new OrchestrationDatabase(options.DatabasePath, options.Synchronous, options.BusyTimeout);
        _ownerText = _owner.ToString();
        _completions = new CompletionWaiters(FinishedAmongAsync, options.PollInterval);
    }

    /// <summary>The SQLite file holding orchestrations, activities and their messages.</summary>
    public string DatabasePath => _database.FilePath;

    /// <inheritdoc/>
    public int TaskOrchestrationDispatcherCount => 1;

    /// <inheritdoc/>
    public int MaxConcurrentTaskOrchestrationWorkItems => _options.MaxConcurrentOrchestrations;

    /// <inheritdoc/>
    public int TaskActivityDispatcherCount => 1;

    /// <inheritdoc/>
    public int MaxConcurrentTaskActivityWorkItems => _options.MaxConcurrentActivities;

    /// <inheritdoc/>
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => BehaviorOnContinueAsNew.Carryover;

    /// <inheritdoc/>
    public Task CreateAsync() => CreateAsync(recreateInstanceStore: true);

    /// <inheritdoc/>
    public async Task CreateAsync(bool recreateInstanceStore)
    {
        if (recreateInstanceStore)
        {
            await _database.DropAsync().ConfigureAwait(false);
        }

        await _database.EnsureCreatedAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task CreateIfNotExistsAsync() => _database.EnsureCreatedAsync();

    /// <inheritdoc/>
    public Task DeleteAsync() => DeleteAsync(deleteInstanceStore: true);

    /// <inheritdoc/>
    public Task DeleteAsync(bool deleteInstanceStore) => _database.DropAsync();

    /// <summary>Creates the schema, takes back the locks of dead processes and starts renewing this process's locks.</summary>
    public async Task StartAsync()
    {
        await _database.EnsureCreatedAsync().ConfigureAwait(false);
        await ReclaimLocksOfDeadOwnersAsync().ConfigureAwait(false);
        lock (_lifecycle)
        {
            if (_running is not null)
            {
                return;
            }

            _running = new CancellationTokenSource();
            _renewal = RenewLocksAsync(_running.Token);
        }
    }

    /// <inheritdoc/>
    public Task StopAsync() => StopAsync(isForced: false);

    /// <summary>Stops renewing and gives up every lock this process holds, so that the next process resumes at once.</summary>
    public async Task StopAsync(bool isForced)
    {
        Task? renewal;
        lock (_lifecycle)
        {
            _running?.Cancel();
            _running?.Dispose();
            _running = null;
            renewal = _renewal;
            _renewal = null;
        }

        if (renewal is not null)
        {
            await renewal.ConfigureAwait(false);
        }

        try
        {
            await ReleaseAllLocksAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ObjectDisposedException or SqliteException or IOException)
        {
            // Handing the locks back only spares the next process a wait: they stay with this process's owner id,
            // which the next process to start takes back as a dead owner's. Stopping must not fail for it (the
            // sidecar stops the service from an async void callback, where an exception ends the process), e.g.
            // when the service was already disposed by a host stopped twice, or its file is gone.
            LogLocksNotReleased(_logger, exception);
        }
    }

    /// <inheritdoc/>
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => false;

    /// <inheritdoc/>
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => exception is OperationCanceledException ? 0 : 1;

    /// <inheritdoc/>
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => exception is OperationCanceledException ? 0 : 1;

    /// <summary>Stops renewing locks and closes the database.</summary>
    public void Dispose()
    {
        lock (_lifecycle)
        {
            _running?.Cancel();
            _running?.Dispose();
            _running = null;
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _completions.Dispose();
        _database.Dispose();
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private long LockExpiry(long now) => now + (long)_options.LockTimeout.TotalMilliseconds;

    private long NextLockToken() => Interlocked.Increment(ref _lastLockToken);

    /// <summary>
    /// Waits for work: tries <paramref name="tryLock"/>, which locks a ready item or says when the next one is due,
    /// and sleeps until then, until <paramref name="signal"/> fires, or for at most a poll interval.
    /// </summary>
    private async Task<T?> WaitForWorkAsync<T>(WorkSignal signal, Func<Task<LockAttempt<T>>> tryLock, TimeSpan timeout, CancellationToken cancellationToken)
        where T : class
    {
        await _database.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var deadline = timeout == Timeout.InfiniteTimeSpan || timeout >= TimeSpan.FromDays(365) ? long.MaxValue : Now() + (long)timeout.TotalMilliseconds;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var wake = signal.Next;
            var attempt = await tryLock().ConfigureAwait(false);
            if (attempt.Item is not null)
            {
                return attempt.Item;
            }

            if (attempt.Retry)
            {
                continue;
            }

            var now = Now();
            if (now >= deadline)
            {
                return null;
            }

            var wait = Math.Min(Math.Min((attempt.NextDue ?? long.MaxValue) - now, (long)_options.PollInterval.TotalMilliseconds), deadline - now);
            if (wait > 0)
            {
                await Task.WhenAny(wake, Task.Delay(TimeSpan.FromMilliseconds(wait), _time, cancellationToken)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A locked work item; or none, with when the next one is due (null: nothing waits) or whether to look again at once.</summary>
    private readonly record struct LockAttempt<T>(T? Item, long? NextDue, bool Retry) where T : class;

    private async Task RenewLocksAsync(CancellationToken stopping)
    {
        var interval = _options.LockTimeout / 3;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, _time, stopping).ConfigureAwait(false);
                if (Volatile.Read(ref _heldLocks) <= 0)
                {
                    continue;
                }

                await _database.WriteAsync((connection, transaction) =>
                {
                    var until = LockExpiry(Now());
                    Sql.Execute(connection, transaction, "UPDATE instances SET lock_expires_at = $until WHERE lock_owner = $owner;", ("$until", until), ("$owner", _ownerText));
                    Sql.Execute(connection, transaction, "UPDATE activities SET available_at = $until WHERE lock_owner = $owner;", ("$until", until), ("$owner", _ownerText));
                    return 0;
                }, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Keep renewing: a lock that expires is only redone, never lost.
                LogRenewalFailed(_logger, exception);
            }
        }
    }

    private async Task ReleaseAllLocksAsync()
    {
        var released = await _database.WriteAsync((connection, transaction) =>
            Sql.Execute(connection, transaction, "UPDATE instances SET lock_owner = NULL, lock_token = NULL, lock_expires_at = 0 WHERE lock_owner = $owner;", ("$owner", _ownerText))
            + Sql.Execute(connection, transaction, "UPDATE activities SET lock_owner = NULL, lock_token = NULL, available_at = $now WHERE lock_owner = $owner;", ("$owner", _ownerText), ("$now", Now())))
            .ConfigureAwait(false);
        Volatile.Write(ref _heldLocks, 0);
        if (released > 0)
        {
            LogReleased(_logger, released);
        }
    }

    private async Task ReclaimLocksOfDeadOwnersAsync()
    {
        var owners = await _database.ReadAsync(connection => Sql.Query(connection, null,
            "SELECT lock_owner FROM instances WHERE lock_owner IS NOT NULL UNION SELECT lock_owner FROM activities WHERE lock_owner IS NOT NULL;",
            reader => reader.GetString(0))).ConfigureAwait(false);
        var dead = owners.Where(o => LockOwner.TryParse(o) is { } owner && _owner.ProvesDead(owner)).ToList();
        if (dead.Count == 0)
        {
            return;
        }

        var reclaimed = await _database.WriteAsync((connection, transaction) => dead.Sum(owner =>
            Sql.Execute(connection, transaction, "UPDATE instances SET lock_owner = NULL, lock_token = NULL, lock_expires_at = 0 WHERE lock_owner = $owner;", ("$owner", owner))
            + Sql.Execute(connection, transaction, "UPDATE activities SET lock_owner = NULL, lock_token = NULL, available_at = $now WHERE lock_owner = $owner;", ("$owner", owner), ("$now", Now()))))
            .ConfigureAwait(false);
        LogReclaimed(_logger, reclaimed, string.Join(", ", dead));
        _orchestrationWork.Notify();
        _activityWork.Notify();
    }

    private void Held(int delta) => Interlocked.Add(ref _heldLocks, delta);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the orchestration store's locks failed; retrying at the next interval.")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Took back {Count} orchestration store locks of processes that are gone: {Owners}.")]
    private static partial void LogReclaimed(ILogger logger, int count, string owners);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released {Count} orchestration store locks at stop.")]
    private static partial void LogReleased(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The orchestration store's locks were not handed back at stop; the next process takes them back as a dead owner's.")]
    private static partial void LogLocksNotReleased(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lock of {WorkItem} was taken over before it completed; its result is dropped and the work is done again.")]
    private static partial void LogLockLost(ILogger logger, string workItem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped {Count} messages for instance {InstanceId}: it does not exist, has finished, or they belong to another execution.")]
    private static partial void LogDropped(ILogger logger, int count, string instanceId);
}
