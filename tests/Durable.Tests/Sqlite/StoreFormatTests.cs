using DurableTask.Core;
using DurableTask.Core.History;
using Serverless.Core.Durable.Sqlite;
using Xunit;

namespace Serverless.Durable.Tests.Sqlite;

/// <summary>How the SQLite store writes events and picks the messages a work item delivers.</summary>
public sealed class StoreFormatTests
{
    [Fact]
    public void History_events_round_trip_as_their_own_types_with_their_fields()
    {
        var fireAt = new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var started = new ExecutionStartedEvent(-1, "{\"a\":1}")
        {
            Name = "Orchestrator",
            Version = "2",
            OrchestrationInstance = new OrchestrationInstance { InstanceId = "i", ExecutionId = "e" },
            Tags = new Dictionary<string, string> { ["k"] = "v" },
            ParentInstance = new ParentInstance { Name = "Parent", TaskScheduleId = 7, OrchestrationInstance = new OrchestrationInstance { InstanceId = "p", ExecutionId = "pe" } },
            ScheduledStartTime = fireAt,
        };
        var failure = new FailureDetails("System.InvalidOperationException", "boom", "at x", null, false);

        var startedBack = Assert.IsType<ExecutionStartedEvent>(RoundTrip(started));
        Assert.Equal(("Orchestrator", "2", "{\"a\":1}", "i", "e"), (startedBack.Name, startedBack.Version, startedBack.Input, startedBack.OrchestrationInstance.InstanceId, startedBack.OrchestrationInstance.ExecutionId));
        Assert.Equal("v", startedBack.Tags["k"]);
        Assert.Equal((7, "pe"), (startedBack.ParentInstance.TaskScheduleId, startedBack.ParentInstance.OrchestrationInstance.ExecutionId));
        Assert.Equal(fireAt, startedBack.ScheduledStartTime);

        var timer = Assert.IsType<TimerFiredEvent>(RoundTrip(new TimerFiredEvent(-1, fireAt) { TimerId = 3 }));
        Assert.Equal((fireAt, 3), (timer.FireAt, timer.TimerId));
        var scheduled = Assert.IsType<TaskScheduledEvent>(RoundTrip(new TaskScheduledEvent(4, "Activity", "", "\"x\"")));
        Assert.Equal((4, "Activity", "\"x\""), (scheduled.EventId, scheduled.Name, scheduled.Input));
        var failed = Assert.IsType<TaskFailedEvent>(RoundTrip(new TaskFailedEvent(-1, 4, null, null, failure)));
        Assert.Equal(("boom", 4), (failed.FailureDetails!.ErrorMessage, failed.TaskScheduledId));
        var completed = Assert.IsType<ExecutionCompletedEvent>(RoundTrip(new ExecutionCompletedEvent(9, "\"done\"", OrchestrationStatus.Completed)));
        Assert.Equal(("\"done\"", OrchestrationStatus.Completed), (completed.Result, completed.OrchestrationStatus));
        Assert.IsType<ContinueAsNewEvent>(RoundTrip(new ContinueAsNewEvent(9, "\"next\"")));
        Assert.IsType<ExecutionTerminatedEvent>(RoundTrip(new ExecutionTerminatedEvent(-1, "reason")));
        var raised = Assert.IsType<EventRaisedEvent>(RoundTrip(new EventRaisedEvent(-1, "\"yes\"") { Name = "approval" }));
        Assert.Equal(("approval", "\"yes\""), (raised.Name, raised.Input));
    }

    [Fact]
    public void A_start_message_begins_a_new_execution_and_drops_what_came_before_it()
    {
        var batch = MessageBatch.Select(
        [
            Message(1, "old", EventType.TaskCompleted),
            Message(2, "new", EventType.ExecutionStarted),
            Message(3, null, EventType.EventRaised),
            Message(4, "old", EventType.TimerFired),
        ], "old", OrchestrationStatus.Completed);

        Assert.True(batch.StartsNewExecution);
        Assert.Equal([2L, 3L], batch.Delivered.Select(m => m.Id));
        Assert.Equal([1L, 4L], batch.Dropped.Select(m => m.Id));
    }

    [Theory]
    [InlineData(OrchestrationStatus.Completed)]
    [InlineData(OrchestrationStatus.Failed)]
    [InlineData(OrchestrationStatus.Terminated)]
    [InlineData(OrchestrationStatus.Pending)]
    public void Messages_for_an_instance_that_finished_or_never_started_are_dropped(OrchestrationStatus status)
    {
        var batch = MessageBatch.Select([Message(1, null, EventType.EventRaised)], "e", status);

        Assert.Empty(batch.Delivered);
        Assert.Single(batch.Dropped);
    }

    [Fact]
    public void Messages_of_another_execution_of_a_running_instance_are_dropped()
    {
        var batch = MessageBatch.Select([Message(1, "e", EventType.TaskCompleted), Message(2, "earlier", EventType.TaskCompleted), Message(3, null, EventType.EventRaised)], "e", OrchestrationStatus.Running);

        Assert.False(batch.StartsNewExecution);
        Assert.Equal([1L, 3L], batch.Delivered.Select(m => m.Id));
        Assert.Equal([2L], batch.Dropped.Select(m => m.Id));
    }

    [Fact]
    public void Only_a_lock_owner_on_this_machine_whose_process_is_gone_is_proven_dead()
    {
        var self = LockOwner.ForThisProcess();

        Assert.Equal(self, LockOwner.TryParse(self.ToString()));
        Assert.False(self.ProvesDead(self with { Nonce = "other-engine" }));
        Assert.True(self.ProvesDead(self with { ProcessId = int.MaxValue - 1 }));
        Assert.True(self.ProvesDead(self with { ProcessStartMilliseconds = self.ProcessStartMilliseconds - 60_000 }));
        Assert.False(self.ProvesDead(self with { Machine = "another-machine", ProcessId = int.MaxValue - 1 }));
        Assert.Null(LockOwner.TryParse("not an owner"));
    }

    private static HistoryEvent RoundTrip(HistoryEvent historyEvent) => HistoryEventCodec.ReadEvent(historyEvent.EventType, HistoryEventCodec.Write(historyEvent));

    private static StoredMessage Message(long id, string? executionId, EventType type) => new(id, executionId, type, "{}");
}
