using Serverless.Core.Storage.Embedded;

namespace Serverless.Core.Durable.Sqlite;

/// <summary>Settings of <see cref="SqliteOrchestrationService"/>.</summary>
public sealed record SqliteOrchestrationServiceOptions
{
    /// <summary>The database file (the standalone server uses <c>DATA_DIR/durable.db</c>).</summary>
    public required string DatabasePath { get; init; }

    /// <summary>
    /// How long a lock outlives its last renewal. This process renews all its locks together every third of this;
    /// a lock of a dead process on the same machine is taken back at start without waiting for it.
    /// </summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often an idle fetch or wait looks at the database for work written by other processes. Work written by
    /// this process wakes its waiters at once, and a fetch waits exactly until the next timer is due.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a failed or abandoned work item waits before it is offered again.</summary>
    public TimeSpan AbandonDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How many orchestration work items run at once.</summary>
    public int MaxConcurrentOrchestrations { get; init; } = 100;

    /// <summary>How many activity work items run at once.</summary>
    public int MaxConcurrentActivities { get; init; } = 100;

    /// <summary>
    /// <see cref="SqliteSynchronousMode.Full"/> (default): a completed work item survives a power loss.
    /// <see cref="SqliteSynchronousMode.Normal"/> survives process crashes only.
    /// </summary>
    public SqliteSynchronousMode Synchronous { get; init; } = SqliteSynchronousMode.Full;

    /// <summary>How long a statement waits for another process's write lock.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
