using DurableTask.Core;
using DurableTask.Core.History;

namespace Serverless.Core.Durable.Sqlite;

public sealed partial class SqliteOrchestrationService
{
    /// <inheritdoc/>
    public async Task<TaskActivityWorkItem?> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        await WaitForWorkAsync<TaskActivityWorkItem>(_activityWork, TryLockActivityAsync, receiveTimeout, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem)
    {
        var item = (SqliteActivityWorkItem)workItem;
        var until = LockExpiry(Now());
        var renewed = await _database.WriteAsync((connection, transaction) => Sql.Execute(connection, transaction,
            "UPDATE activities SET available_at = $until WHERE id = $id AND lock_owner = $owner AND lock_token = $token;",
            ("$until", until), ("$id", item.RowId), ("$owner", _ownerText), ("$token", item.LockToken))).ConfigureAwait(false);
        if (renewed == 0)
        {
            throw new WorkItemLockLostException($"The lock of activity work item {item.Id} was taken over.");
        }

        item.LockedUntilUtc = UnixTime.ToDateTime(until);
        return item;
    }

    /// <summary>Deletes the work item and delivers its result to the orchestration, in one transaction.</summary>
    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        var item = (SqliteActivityWorkItem)workItem;
        var response = OutgoingMessage.From(responseMessage);
        var completed = await _database.WriteAsync((connection, transaction) =>
        {
            var deleted = Sql.Execute(connection, transaction, "DELETE FROM activities WHERE id = $id AND lock_owner = $owner AND lock_token = $token;",
                ("$id", item.RowId), ("$owner", _ownerText), ("$token", item.LockToken));
            return deleted > 0 && Enqueue(connection, transaction, response, Now());
        }).ConfigureAwait(false);
        Settle(item);
        if (completed)
        {
            _orchestrationWork.Notify();
        }
        else
        {
            LogLockLost(_logger, $"activity work item {item.Id}");
        }
    }

    /// <inheritdoc/>
    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        var item = (SqliteActivityWorkItem)workItem;
        await _database.WriteAsync((connection, transaction) => Sql.Execute(connection, transaction,
            "UPDATE activities SET lock_owner = NULL, lock_token = NULL, available_at = $at WHERE id = $id AND lock_owner = $owner AND lock_token = $token;",
            ("$at", Now() + (long)_options.AbandonDelay.TotalMilliseconds), ("$id", item.RowId), ("$owner", _ownerText), ("$token", item.LockToken))).ConfigureAwait(false);
        Settle(item);
        _activityWork.Notify();
    }

    private async Task<LockAttempt<TaskActivityWorkItem>> TryLockActivityAsync()
    {
        var token = NextLockToken();
        var locked = await _database.WriteAsync((connection, transaction) =>
        {
            var now = Now();
            var until = LockExpiry(now);
            var rows = Sql.Query(connection, transaction, """
                UPDATE activities SET lock_owner = $owner, lock_token = $token, available_at = $until, dequeue_count = dequeue_count + 1
                WHERE id = (SELECT id FROM activities WHERE available_at <= $now ORDER BY available_at, id LIMIT 1)
                RETURNING id, instance_id, execution_id, event;
                """,
                reader => (Id: reader.GetInt64(0), InstanceId: reader.GetString(1), ExecutionId: reader.NullableString(2), Json: reader.GetString(3), Until: until),
                ("$owner", _ownerText), ("$token", token), ("$until", until), ("$now", now));
            var due = rows.Count == 0 ? Sql.Scalar(connection, transaction, "SELECT MIN(available_at) FROM activities;") as long? : null;
            return (Row: rows.Count == 0 ? ((long, string, string?, string, long)?)null : rows[0], Due: due);
        }).ConfigureAwait(false);

        if (locked.Row is not { } row)
        {
            return new(null, locked.Due, Retry: false);
        }

        Held(1);
        return new(new SqliteActivityWorkItem
        {
            Id = row.Item1.ToString(System.Globalization.CultureInfo.InvariantCulture),
            RowId = row.Item1,
            LockToken = token,
            LockedUntilUtc = UnixTime.ToDateTime(row.Item5),
            TaskMessage = HistoryEventCodec.ReadMessage(row.Item2, row.Item3, EventType.TaskScheduled, row.Item4),
        }, null, false);
    }

    private void Settle(SqliteActivityWorkItem item)
    {
        if (item.TrySettle())
        {
            Held(-1);
        }
    }
}
