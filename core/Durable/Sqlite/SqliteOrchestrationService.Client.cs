using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using Microsoft.Data.Sqlite;

namespace Serverless.Core.Durable.Sqlite;

public sealed partial class SqliteOrchestrationService
{
    private static readonly OrchestrationStatus[] DefaultDedupeStatuses = [OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.Suspended];

    /// <inheritdoc/>
    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => CreateTaskOrchestrationAsync(creationMessage, DefaultDedupeStatuses);

    /// <summary>
    /// Creates the instance (status Pending) with its start message. An instance that exists in one of
    /// <paramref name="dedupeStatuses"/> is refused; a finished one is restarted; a running one is replaced by the
    /// new execution when its start message is processed.
    /// </summary>
    /// <exception cref="OrchestrationAlreadyExistsException">The instance exists in one of <paramref name="dedupeStatuses"/>.</exception>
    public async Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[]? dedupeStatuses)
    {
        var message = OutgoingMessage.From(creationMessage);
        if (message.Start is null)
        {
            throw new ArgumentException("A creation message must carry an ExecutionStartedEvent.", nameof(creationMessage));
        }

        await _database.EnsureCreatedAsync().ConfigureAwait(false);
        await _database.WriteAsync((connection, transaction) =>
        {
            if (Sql.Scalar(connection, transaction, "SELECT status FROM instances WHERE instance_id = $id;", ("$id", message.InstanceId)) is long status
                && dedupeStatuses?.Contains((OrchestrationStatus)status) == true)
            {
                throw new OrchestrationAlreadyExistsException($"An orchestration with id '{message.InstanceId}' already exists. It is {(OrchestrationStatus)status}.");
            }

            return Enqueue(connection, transaction, message, Now());
        }).ConfigureAwait(false);
        _orchestrationWork.Notify();
    }

    /// <inheritdoc/>
    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => SendTaskOrchestrationMessageBatchAsync(message);

    /// <summary>Delivers messages to existing instances, all in one transaction; a message for an unknown instance is dropped.</summary>
    public async Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var outgoing = messages.Select(OutgoingMessage.From).ToList();
        await _database.EnsureCreatedAsync().ConfigureAwait(false);
        await _database.WriteAsync((connection, transaction) =>
        {
            var now = Now();
            return outgoing.Count(m => Enqueue(connection, transaction, m, now));
        }).ConfigureAwait(false);
        _orchestrationWork.Notify();
    }

    /// <inheritdoc/>
    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) => SendTaskOrchestrationMessageAsync(new TaskMessage
    {
        OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
        Event = new ExecutionTerminatedEvent(-1, reason),
    });

    /// <summary>Waits until the instance is Completed, Failed, Terminated or Canceled; null when <paramref name="timeout"/> passes first.</summary>
    public async Task<OrchestrationState?> WaitForOrchestrationAsync(string instanceId, string? executionId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var deadline = timeout <= TimeSpan.Zero || timeout == Timeout.InfiniteTimeSpan || timeout >= TimeSpan.FromDays(365)
            ? long.MaxValue
            : Now() + (long)timeout.TotalMilliseconds;
        while (true)
        {
            using var registration = _completions.Register(instanceId);
            var state = await GetOrchestrationStateAsync(instanceId, executionId).ConfigureAwait(false);
            if (state is not null && InstanceStatuses.IsTerminal(state.OrchestrationStatus))
            {
                return state;
            }

            var remaining = deadline - Now();
            if (remaining <= 0)
            {
                return null;
            }

            var wait = deadline == long.MaxValue ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(remaining);
            await Task.WhenAny(registration.Finished, Task.Delay(wait, _time, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <inheritdoc/>
    public async Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions) =>
        await GetOrchestrationStateAsync(instanceId, executionId: null).ConfigureAwait(false) is { } state ? [state] : [];

    /// <summary>The instance's current execution (history of earlier ones is not kept); null when absent or another execution is named.</summary>
    public async Task<OrchestrationState?> GetOrchestrationStateAsync(string instanceId, string? executionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await _database.EnsureCreatedAsync().ConfigureAwait(false);
        var rows = await _database.ReadAsync(connection => Sql.Query(connection, null,
            $"SELECT {InstanceRow.Columns}, input, output FROM instances WHERE instance_id = $id;",
            reader => InstanceRow.Read(reader, withInputs: true), ("$id", instanceId))).ConfigureAwait(false);
        return rows.Count == 1 && (executionId is null || rows[0].OrchestrationInstance.ExecutionId == executionId) ? rows[0] : null;
    }

    /// <summary>The current execution's history as a JSON array of DTFx history events.</summary>
    public async Task<string> GetOrchestrationHistoryAsync(string instanceId, string? executionId)
    {
        await _database.EnsureCreatedAsync().ConfigureAwait(false);
        var events = await _database.ReadAsync(connection => Sql.Query(connection, null,
            "SELECT event_type, event FROM history WHERE instance_id = $id AND ($execution IS NULL OR execution_id = $execution) ORDER BY sequence;",
            reader => HistoryEventCodec.ReadEvent((EventType)reader.GetInt32(0), reader.GetString(1)),
            ("$id", instanceId), ("$execution", executionId))).ConfigureAwait(false);
        return HistoryEventCodec.Write(events);
    }

    /// <summary>
    /// Inserts a message for an existing instance and moves its <c>next_message_at</c>; a start message first
    /// creates the instance, or resets a finished one. False when the message was dropped (no such instance).
    /// </summary>
    private bool Enqueue(SqliteConnection connection, SqliteTransaction transaction, OutgoingMessage message, long now)
    {
        var visibleAt = message.VisibleAt is { } at ? UnixTime.ToMilliseconds(at) : now;
        if (message.Start is { } start)
        {
            UpsertStarted(connection, transaction, message.InstanceId, start, now);
        }

        var exists = Sql.Execute(connection, transaction,
            "UPDATE instances SET next_message_at = MIN(COALESCE(next_message_at, $visible), $visible) WHERE instance_id = $id;",
            ("$visible", visibleAt), ("$id", message.InstanceId)) > 0;
        if (!exists)
        {
            LogDropped(_logger, 1, message.InstanceId);
            return false;
        }

        Sql.Execute(connection, transaction,
            "INSERT INTO messages (instance_id, execution_id, event_type, event, visible_at) VALUES ($id, $execution, $type, $event, $visible);",
            ("$id", message.InstanceId), ("$execution", message.ExecutionId), ("$type", (int)message.Type), ("$event", message.Json), ("$visible", visibleAt));
        return true;
    }

    /// <summary>Creates an instance as Pending; an instance that has finished (or continued as new) is reset to Pending.</summary>
    private static void UpsertStarted(SqliteConnection connection, SqliteTransaction transaction, string instanceId, ExecutionStartedEvent start, long now) =>
        Sql.Execute(connection, transaction, $"""
            INSERT INTO instances (instance_id, execution_id, name, version, status, created_at, last_updated_at, scheduled_start_at, input, tags, parent)
            VALUES ($id, $execution, $name, $version, $pending, $now, $now, $scheduled, $input, $tags, $parent)
            ON CONFLICT (instance_id) DO UPDATE SET
                execution_id = excluded.execution_id, name = excluded.name, version = excluded.version, status = excluded.status,
                created_at = excluded.created_at, last_updated_at = excluded.last_updated_at, completed_at = NULL,
                scheduled_start_at = excluded.scheduled_start_at, input = excluded.input, output = NULL, custom_status = NULL,
                failure_details = NULL, tags = excluded.tags, parent = excluded.parent
            WHERE instances.status IN ({InstanceStatuses.TerminalList}, {(int)OrchestrationStatus.ContinuedAsNew});
            """,
            ("$id", instanceId),
            ("$execution", start.OrchestrationInstance?.ExecutionId ?? throw new ArgumentException("The start message has no execution id.", nameof(start))),
            ("$name", start.Name ?? ""),
            ("$version", start.Version),
            ("$pending", (int)OrchestrationStatus.Pending),
            ("$now", now),
            ("$scheduled", start.ScheduledStartTime is { } scheduled ? UnixTime.ToMilliseconds(scheduled) : null),
            ("$input", start.Input),
            ("$tags", start.Tags is { Count: > 0 } tags ? HistoryEventCodec.Write(tags) : null),
            ("$parent", start.ParentInstance is { } parent ? HistoryEventCodec.Write(parent) : null));

    private Task<IReadOnlyList<string>> FinishedAmongAsync(IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyList<string>>(connection => Sql.Query(connection, null,
            $"SELECT instance_id FROM instances WHERE status IN ({InstanceStatuses.TerminalList}) AND instance_id IN (SELECT value FROM json_each($ids));",
            reader => reader.GetString(0), ("$ids", HistoryEventCodec.Write(instanceIds))), cancellationToken);
}
