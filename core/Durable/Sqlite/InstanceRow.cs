using DurableTask.Core;
using Microsoft.Data.Sqlite;

namespace Serverless.Core.Durable.Sqlite;

/// <summary>The status columns of an instance, from and to DTFx's <see cref="OrchestrationState"/>.</summary>
internal sealed record InstanceRow(
    string ExecutionId,
    string Name,
    string? Version,
    OrchestrationStatus Status,
    long? CreatedAt,
    long? CompletedAt,
    long? ScheduledStartAt,
    string? Input,
    string? Output,
    string? CustomStatus,
    string? FailureDetails,
    string? Tags,
    string? Parent)
{
    /// <summary>The columns <see cref="Read"/> expects, in order (input and output may be left out).</summary>
    public const string Columns = "instance_id, execution_id, name, version, status, created_at, last_updated_at, completed_at, scheduled_start_at, custom_status, failure_details, tags, parent";

    public static InstanceRow From(OrchestrationState state) => new(
        state.OrchestrationInstance?.ExecutionId ?? throw new ArgumentException("The orchestration state has no execution id.", nameof(state)),
        state.Name ?? "",
        state.Version,
        state.OrchestrationStatus,
        state.CreatedTime == default ? null : UnixTime.ToMilliseconds(state.CreatedTime),
        InstanceStatuses.IsTerminal(state.OrchestrationStatus) && state.CompletedTime > DateTime.UnixEpoch ? UnixTime.ToMilliseconds(state.CompletedTime) : null,
        state.ScheduledStartTime is { } scheduled ? UnixTime.ToMilliseconds(scheduled) : null,
        state.Input,
        state.Output,
        state.Status,
        state.FailureDetails is null ? null : HistoryEventCodec.Write(state.FailureDetails),
        state.Tags is { Count: > 0 } ? HistoryEventCodec.Write(state.Tags) : null,
        state.ParentInstance is null ? null : HistoryEventCodec.Write(state.ParentInstance));

    /// <summary>Writes these columns over an existing instance (a finished instance gets its completion time now if none).</summary>
    public void Update(SqliteConnection connection, SqliteTransaction transaction, string instanceId, long now) =>
        Sql.Execute(connection, transaction, """
            UPDATE instances SET execution_id = $execution, name = $name, version = $version, status = $status,
                created_at = COALESCE($created, created_at), last_updated_at = $now, completed_at = $completed,
                scheduled_start_at = $scheduled, input = $input, output = $output, custom_status = $custom,
                failure_details = $failure, tags = $tags, parent = $parent
            WHERE instance_id = $id;
            """,
            ("$execution", ExecutionId), ("$name", Name), ("$version", Version), ("$status", (int)Status), ("$created", CreatedAt), ("$now", now),
            ("$completed", InstanceStatuses.IsTerminal(Status) ? CompletedAt ?? now : null), ("$scheduled", ScheduledStartAt),
            ("$input", Input), ("$output", Output), ("$custom", CustomStatus), ("$failure", FailureDetails), ("$tags", Tags), ("$parent", Parent), ("$id", instanceId));

    /// <summary>Reads a row selected with <see cref="Columns"/> (then, when <paramref name="withInputs"/>, input and output).</summary>
    public static OrchestrationState Read(SqliteDataReader reader, bool withInputs)
    {
        var state = new OrchestrationState
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = reader.GetString(0), ExecutionId = reader.GetString(1) },
            Name = reader.GetString(2),
            Version = reader.NullableString(3) ?? "",
            OrchestrationStatus = (OrchestrationStatus)reader.GetInt32(4),
            CreatedTime = UnixTime.ToDateTime(reader.GetInt64(5)),
            LastUpdatedTime = UnixTime.ToDateTime(reader.GetInt64(6)),
            CompletedTime = UnixTime.ToDateTime(reader.NullableInt64(7)),
            ScheduledStartTime = reader.NullableInt64(8) is { } scheduled ? UnixTime.ToDateTime(scheduled) : null,
            Status = reader.NullableString(9),
            FailureDetails = HistoryEventCodec.Read<FailureDetails>(reader.NullableString(10)),
            Tags = HistoryEventCodec.Read<Dictionary<string, string>>(reader.NullableString(11)) ?? [],
            ParentInstance = HistoryEventCodec.Read<ParentInstance>(reader.NullableString(12)),
        };
        if (withInputs)
        {
            state.Input = reader.NullableString(13);
            state.Output = reader.NullableString(14);
        }

        return state;
    }
}
