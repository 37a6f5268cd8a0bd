using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Data.Sqlite;

namespace Serverless.Core.Durable.Sqlite;

public sealed partial class SqliteOrchestrationService
{
    /// <inheritdoc/>
    public async Task<TaskOrchestrationWorkItem?> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        await WaitForWorkAsync<TaskOrchestrationWorkItem>(_orchestrationWork, TryLockOrchestrationAsync, receiveTimeout, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem)
    {
        var item = (SqliteOrchestrationWorkItem)workItem;
        var until = LockExpiry(Now());
        var renewed = await _database.WriteAsync((connection, transaction) => Sql.Execute(connection, transaction,
            "UPDATE instances SET lock_expires_at = $until WHERE instance_id = $id AND lock_owner = $owner AND lock_token = $token;",
            ("$until", until), ("$id", item.InstanceId), ("$owner", _ownerText), ("$token", item.LockToken))).ConfigureAwait(false);
        if (renewed == 0)
        {
            throw new WorkItemLockLostException($"The lock of orchestration instance '{item.InstanceId}' was taken over.");
        }

        item.LockedUntilUtc = UnixTime.ToDateTime(until);
    }

    /// <inheritdoc/>
    public async Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage? continuedAsNewMessage,
        OrchestrationState? orchestrationState)
    {
        var item = (SqliteOrchestrationWorkItem)workItem;
        var state = newOrchestrationRuntimeState;
        var executionId = state.OrchestrationInstance?.ExecutionId ?? item.LoadedExecutionId
            ?? throw new ArgumentException("The runtime state has no execution id.", nameof(newOrchestrationRuntimeState));
        var replaceHistory = item.StartsNewExecution || executionId != item.LoadedExecutionId;
        var firstNew = replaceHistory ? 0 : item.LoadedHistoryCount;

        // Serialize before taking the write lock: the transaction only writes text.
        var events = new (int Type, string Json)[state.Events.Count - firstNew];
        for (var i = 0; i < events.Length; i++)
        {
            var historyEvent = state.Events[firstNew + i];
            events[i] = ((int)historyEvent.EventType, HistoryEventCodec.Write(historyEvent));
        }

        var status = orchestrationState ?? StatusOf(state);
        var activities = outboundMessages.Select(m => (
            Instance: m.OrchestrationInstance ?? throw new ArgumentException("An activity message has no orchestration instance.", nameof(outboundMessages)),
            Json: HistoryEventCodec.Write(m.Event))).ToList();
        var messages = orchestratorMessages.Concat(timerMessages).Append(continuedAsNewMessage).OfType<TaskMessage>().Select(OutgoingMessage.From).ToList();
        var statusRow = InstanceRow.From(status);

        var (finished, wrote) = await _database.WriteAsync((connection, transaction) =>
        {
            var now = Now();
            var held = Sql.Scalar(connection, transaction, "SELECT 1 FROM instances WHERE instance_id = $id AND lock_owner = $owner AND lock_token = $token;",
                ("$id", item.InstanceId), ("$owner", _ownerText), ("$token", item.LockToken));
            if (held is null)
            {
                throw new WorkItemLockLostException($"The lock of orchestration instance '{item.InstanceId}' was taken over.");
            }

            if (replaceHistory)
            {
                Sql.Execute(connection, transaction, "DELETE FROM history WHERE instance_id = $id;", ("$id", item.InstanceId));
            }

            using (var insert = Sql.Command(connection, transaction,
                "INSERT INTO history (instance_id, sequence, execution_id, event_type, event) VALUES ($id, $sequence, $execution, $type, $event);",
                ("$id", item.InstanceId), ("$sequence", 0), ("$execution", executionId), ("$type", 0), ("$event", "")))
            {
                for (var i = 0; i < events.Length; i++)
                {
                    insert.Parameters["$sequence"].Value = firstNew + i;
                    insert.Parameters["$type"].Value = events[i].Type;
                    insert.Parameters["$event"].Value = events[i].Json;
                    insert.ExecuteNonQuery();
                }
            }

            DeleteMessages(connection, transaction, item.MessageIds);
            statusRow.Update(connection, transaction, item.InstanceId, now);
            using (var insert = Sql.Command(connection, transaction,
                "INSERT INTO activities (instance_id, execution_id, event, available_at) VALUES ($id, $execution, $event, $now);",
                ("$id", ""), ("$execution", null), ("$event", ""), ("$now", now)))
            {
                foreach (var (instance, json) in activities)
                {
                    insert.Parameters["$id"].Value = instance.InstanceId;
                    insert.Parameters["$execution"].Value = (object?)instance.ExecutionId ?? DBNull.Value;
                    insert.Parameters["$event"].Value = json;
                    insert.ExecuteNonQuery();
                }
            }

            var enqueued = 0;
            foreach (var message in messages)
            {
                enqueued += Enqueue(connection, transaction, message, now) ? 1 : 0;
            }

            Unlock(connection, transaction, item.InstanceId);
            return (InstanceStatuses.IsTerminal(status.OrchestrationStatus), enqueued);
        }).ConfigureAwait(false);

        Settle(item);
        if (activities.Count > 0)
        {
            _activityWork.Notify();
        }

        if (wrote > 0 || item.MessageIds.Length > 0)
        {
            _orchestrationWork.Notify();
        }

        if (finished)
        {
            _completions.Notify(item.InstanceId);
        }
    }

    /// <inheritdoc/>
    public async Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        var item = (SqliteOrchestrationWorkItem)workItem;
        if (item.IsSettled)
        {
            return;
        }

        await _database.WriteAsync((connection, transaction) =>
        {
            if (!Holds(connection, transaction, item))
            {
                return 0;
            }

            // Offer the same messages again after a pause, so a failing orchestration does not spin.
            var visible = Now() + (long)_options.AbandonDelay.TotalMilliseconds;
            using (var delay = Sql.Command(connection, transaction, "UPDATE messages SET visible_at = $visible WHERE id = $id;", ("$visible", visible), ("$id", 0L)))
            {
                foreach (var id in item.MessageIds)
                {
                    delay.Parameters["$id"].Value = id;
                    delay.ExecuteNonQuery();
                }
            }

            Unlock(connection, transaction, item.InstanceId);
            return 0;
        }).ConfigureAwait(false);
        Settle(item);
        _orchestrationWork.Notify();
    }

    /// <inheritdoc/>
    public async Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        var item = (SqliteOrchestrationWorkItem)workItem;
        if (item.IsSettled)
        {
            return;
        }

        await _database.WriteAsync((connection, transaction) =>
        {
            if (Holds(connection, transaction, item))
            {
                Unlock(connection, transaction, item.InstanceId);
            }

            return 0;
        }).ConfigureAwait(false);
        Settle(item);
        _orchestrationWork.Notify();
    }

    private async Task<LockAttempt<TaskOrchestrationWorkItem>> TryLockOrchestrationAsync()
    {
        var token = NextLockToken();
        var locked = await _database.WriteAsync((connection, transaction) =>
        {
            var now = Now();
            var candidate = Sql.Query(connection, transaction,
                "SELECT instance_id, execution_id, status FROM instances WHERE next_message_at <= $now AND lock_expires_at <= $now ORDER BY next_message_at LIMIT 1;",
                reader => (Id: reader.GetString(0), ExecutionId: reader.GetString(1), Status: (OrchestrationStatus)reader.GetInt32(2)), ("$now", now));
            if (candidate.Count == 0)
            {
                // When the next instance with visible messages and no live lock becomes ready (null: none waits).
                var due = Sql.Scalar(connection, transaction, "SELECT MIN(MAX(next_message_at, lock_expires_at)) FROM instances WHERE next_message_at IS NOT NULL;");
                return new LockedInstance("", null, null, [], [], 0, false, due as long?);
            }

            var (instanceId, executionId, status) = candidate[0];
            var until = LockExpiry(now);
            Sql.Execute(connection, transaction, "UPDATE instances SET lock_owner = $owner, lock_token = $token, lock_expires_at = $until WHERE instance_id = $id;",
                ("$owner", _ownerText), ("$token", token), ("$until", until), ("$id", instanceId));
            var messages = Sql.Query(connection, transaction,
                "SELECT id, execution_id, event_type, event FROM messages WHERE instance_id = $id AND visible_at <= $now ORDER BY id;",
                reader => new StoredMessage(reader.GetInt64(0), reader.NullableString(1), (EventType)reader.GetInt32(2), reader.GetString(3)),
                ("$id", instanceId), ("$now", now));

            var batch = MessageBatch.Select(messages, executionId, status);
            if (batch.Dropped.Count > 0)
            {
                DeleteMessages(connection, transaction, batch.Dropped.Select(m => m.Id).ToArray());
                LogDropped(_logger, batch.Dropped.Count, instanceId);
            }

            if (batch.Delivered.Count == 0)
            {
                Unlock(connection, transaction, instanceId);
                return new LockedInstance(instanceId, null, null, [], [], 0, false, null);
            }

            var history = batch.StartsNewExecution
                ? []
                : Sql.Query(connection, transaction, "SELECT event_type, event, execution_id FROM history WHERE instance_id = $id ORDER BY sequence;",
                    reader => (Type: (EventType)reader.GetInt32(0), Json: reader.GetString(1), ExecutionId: reader.GetString(2)), ("$id", instanceId));
            return new LockedInstance(
                instanceId,
                history.Count > 0 ? history[0].ExecutionId : null,
                UnixTime.ToDateTime(until),
                batch.Delivered,
                history.Select(h => (h.Type, h.Json)).ToList(),
                history.Count,
                batch.StartsNewExecution,
                null);
        }).ConfigureAwait(false);

        if (locked.LockedUntil is null)
        {
            // Nothing was ready, or everything the instance had was dropped (then look again at once).
            return new(null, locked.NextDue, Retry: locked.InstanceId.Length > 0);
        }

        Held(1);
        var runtimeState = new OrchestrationRuntimeState(locked.History.Select(h => HistoryEventCodec.ReadEvent(h.Type, h.Json)).ToList());
        return new(new SqliteOrchestrationWorkItem
        {
            InstanceId = locked.InstanceId,
            LockedUntilUtc = locked.LockedUntil.Value,
            OrchestrationRuntimeState = runtimeState,
            NewMessages = locked.Messages.Select(m => HistoryEventCodec.ReadMessage(locked.InstanceId, m.ExecutionId, m.Type, m.Json)).ToList(),
            LockToken = token,
            MessageIds = locked.Messages.Select(m => m.Id).ToArray(),
            LoadedHistoryCount = locked.HistoryCount,
            LoadedExecutionId = locked.HistoryExecutionId,
            StartsNewExecution = locked.StartsNewExecution,
        }, null, false);
    }

    private bool Holds(SqliteConnection connection, SqliteTransaction transaction, SqliteOrchestrationWorkItem item) =>
        Sql.Scalar(connection, transaction, "SELECT 1 FROM instances WHERE instance_id = $id AND lock_owner = $owner AND lock_token = $token;",
            ("$id", item.InstanceId), ("$owner", _ownerText), ("$token", item.LockToken)) is not null;

    /// <summary>Gives up the instance lock and points <c>next_message_at</c> at its earliest remaining message.</summary>
    private static void Unlock(SqliteConnection connection, SqliteTransaction transaction, string instanceId) =>
        Sql.Execute(connection, transaction,
            "UPDATE instances SET lock_owner = NULL, lock_token = NULL, lock_expires_at = 0, next_message_at = (SELECT MIN(visible_at) FROM messages WHERE instance_id = $id) WHERE instance_id = $id;",
            ("$id", instanceId));

    private static void DeleteMessages(SqliteConnection connection, SqliteTransaction transaction, long[] ids)
    {
        using var delete = Sql.Command(connection, transaction, "DELETE FROM messages WHERE id = $id;", ("$id", 0L));
        foreach (var id in ids)
        {
            delete.Parameters["$id"].Value = id;
            delete.ExecuteNonQuery();
        }
    }

    private void Settle(SqliteOrchestrationWorkItem item)
    {
        if (item.TrySettle())
        {
            Held(-1);
        }
    }

    private static OrchestrationState StatusOf(OrchestrationRuntimeState state) => new()
    {
        OrchestrationInstance = state.OrchestrationInstance,
        ParentInstance = state.ParentInstance,
        Name = state.Name,
        Version = state.Version,
        Status = state.Status,
        Tags = state.Tags,
        OrchestrationStatus = state.OrchestrationStatus,
        CreatedTime = state.CreatedTime,
        CompletedTime = state.CompletedTime,
        LastUpdatedTime = DateTime.UtcNow,
        Input = state.Input,
        Output = state.Output,
        FailureDetails = state.FailureDetails,
        ScheduledStartTime = state.ExecutionStartedEvent?.ScheduledStartTime,
    };

    private sealed record LockedInstance(
        string InstanceId,
        string? HistoryExecutionId,
        DateTime? LockedUntil,
        IReadOnlyList<StoredMessage> Messages,
        IReadOnlyList<(EventType Type, string Json)> History,
        int HistoryCount,
        bool StartsNewExecution,
        long? NextDue);
}
