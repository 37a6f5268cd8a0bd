using DurableTask.Core;
using DurableTask.Core.History;

namespace Serverless.Core.Durable.Sqlite;

/// <summary>An orchestrator message ready to insert: its target, its event as text and when it becomes visible.</summary>
internal sealed record OutgoingMessage(string InstanceId, string? ExecutionId, EventType Type, string Json, DateTime? VisibleAt, ExecutionStartedEvent? Start)
{
    public static OutgoingMessage From(TaskMessage message)
    {
        ArgumentNullException.ThrowIfNull(message?.Event);
        var instance = message.OrchestrationInstance ?? throw new ArgumentException("The message has no target instance.", nameof(message));
        ArgumentException.ThrowIfNullOrEmpty(instance.InstanceId, nameof(message));
        var visibleAt = message.Event switch
        {
            TimerFiredEvent timer => timer.FireAt,
            ExecutionStartedEvent { ScheduledStartTime: { } scheduled } => scheduled,
            _ => (DateTime?)null,
        };
        return new OutgoingMessage(instance.InstanceId, instance.ExecutionId, message.Event.EventType, HistoryEventCodec.Write(message.Event), visibleAt, message.Event as ExecutionStartedEvent);
    }
}
