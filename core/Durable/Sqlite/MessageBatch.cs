using DurableTask.Core;
using DurableTask.Core.History;

namespace Serverless.Core.Durable.Sqlite;

/// <summary>A stored orchestrator message, its event still as text.</summary>
internal sealed record StoredMessage(long Id, string? ExecutionId, EventType Type, string Json);

/// <summary>
/// Which of an instance's visible messages a work item delivers, and which are dropped because nothing can use them.
/// </summary>
/// <remarks>
/// A start message begins a new execution: what came before it is dropped with the old history. Without one,
/// messages for an instance that has finished, that never started, or that name another execution are dropped
/// (late activity results of a replaced execution, events sent to a completed instance).
/// </remarks>
internal sealed record MessageBatch(IReadOnlyList<StoredMessage> Delivered, IReadOnlyList<StoredMessage> Dropped, bool StartsNewExecution)
{
    public static MessageBatch Select(IReadOnlyList<StoredMessage> messages, string currentExecutionId, OrchestrationStatus status)
    {
        var start = -1;
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].Type == EventType.ExecutionStarted)
            {
                start = i;
                break;
            }
        }

        if (start >= 0)
        {
            var executionId = messages[start].ExecutionId;
            var delivered = new List<StoredMessage> { messages[start] };
            var dropped = new List<StoredMessage>(messages.Take(start));
            foreach (var message in messages.Skip(start + 1))
            {
                (BelongsTo(message, executionId) ? delivered : dropped).Add(message);
            }

            return new MessageBatch(delivered, dropped, StartsNewExecution: true);
        }

        // Pending without its start message never ran; finished instances take nothing more.
        if (status == OrchestrationStatus.Pending || InstanceStatuses.IsTerminal(status))
        {
            return new MessageBatch([], messages, StartsNewExecution: false);
        }

        var keep = messages.Where(m => BelongsTo(m, currentExecutionId)).ToList();
        return new MessageBatch(keep, messages.Where(m => !BelongsTo(m, currentExecutionId)).ToList(), StartsNewExecution: false);
    }

    private static bool BelongsTo(StoredMessage message, string? executionId) =>
        message.ExecutionId is null || executionId is null || message.ExecutionId == executionId;
}
