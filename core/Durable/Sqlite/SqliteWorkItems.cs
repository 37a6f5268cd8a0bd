using DurableTask.Core;

namespace Serverless.Core.Durable.Sqlite;

/// <summary>An orchestration work item with what its completion must check and consume.</summary>
internal sealed class SqliteOrchestrationWorkItem : TaskOrchestrationWorkItem
{
    private int _settled;

    public required long LockToken { get; init; }

    /// <summary>The messages this work item delivers; its completion deletes exactly these.</summary>
    public required long[] MessageIds { get; init; }

    /// <summary>The stored history it started from: completion appends after it, or replaces it.</summary>
    public required int LoadedHistoryCount { get; init; }

    public required string? LoadedExecutionId { get; init; }

    /// <summary>Set when the messages start a new execution: the old history is replaced at completion.</summary>
    public required bool StartsNewExecution { get; init; }

    /// <summary>True for the first caller only: the lock is given up once (completed, abandoned or released).</summary>
    public bool TrySettle() => Interlocked.Exchange(ref _settled, 1) == 0;

    public bool IsSettled => Volatile.Read(ref _settled) == 1;
}

/// <summary>An activity work item with its row and lock.</summary>
internal sealed class SqliteActivityWorkItem : TaskActivityWorkItem
{
    private int _settled;

    public required long RowId { get; init; }

    public required long LockToken { get; init; }

    public bool TrySettle() => Interlocked.Exchange(ref _settled, 1) == 0;
}

/// <summary>The lock of a work item was taken over (it expired or the store was purged); its result is dropped.</summary>
internal sealed class WorkItemLockLostException(string message) : Exception(message);
