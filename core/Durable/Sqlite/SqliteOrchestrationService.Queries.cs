using System.Globalization;
using System.Text;
using DurableTask.Core;
using DurableTask.Core.Query;
using Microsoft.Data.Sqlite;

namespace Serverless.Core.Durable.Sqlite;

public sealed partial class SqliteOrchestrationService
{
    /// <summary>
    /// Instances matching the query's statuses, creation window and id prefix, in instance id order; the
    /// continuation token is the last id of the page.
    /// </summary>
    public async Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = Math.Clamp(query.PageSize, 1, 1000);
        var sql = new StringBuilder($"SELECT {InstanceRow.Columns}");
        sql.Append(query.FetchInputsAndOutputs ? ", input, output" : "").Append(" FROM instances WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        if (query.RuntimeStatus is { Count: > 0 } statuses)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND status IN ({string.Join(", ", statuses.Select(s => (int)s))})");
        }

        if (query.CreatedTimeFrom is { } from)
        {
            sql.Append(" AND created_at >= $from");
            parameters.Add(("$from", UnixTime.ToMilliseconds(from)));
        }

        if (query.CreatedTimeTo is { } to)
        {
            sql.Append(" AND created_at <= $to");
            parameters.Add(("$to", UnixTime.ToMilliseconds(to)));
        }

        if (!string.IsNullOrEmpty(query.InstanceIdPrefix))
        {
            sql.Append(" AND substr(instance_id, 1, length($prefix)) = $prefix");
            parameters.Add(("$prefix", query.InstanceIdPrefix));
        }

        if (!string.IsNullOrEmpty(query.ContinuationToken))
        {
            sql.Append(" AND instance_id > $after");
            parameters.Add(("$after", query.ContinuationToken));
        }

        sql.Append(" ORDER BY instance_id LIMIT $limit;");
        parameters.Add(("$limit", pageSize + 1));
        await _database.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var rows = await _database.ReadAsync(connection => Sql.Query(connection, null, sql.ToString(),
            reader => InstanceRow.Read(reader, query.FetchInputsAndOutputs), [.. parameters]), cancellationToken).ConfigureAwait(false);
        var more = rows.Count > pageSize;
        var page = more ? rows.GetRange(0, pageSize) : rows;
        return new OrchestrationQueryResult(page, more ? page[^1].OrchestrationInstance.InstanceId : null);
    }

    /// <summary>Deletes a finished instance with its history and leftover messages; a running one is kept.</summary>
    public Task<PurgeResult> PurgeInstanceStateAsync(string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return PurgeAsync("instance_id = $id", ("$id", instanceId));
    }

    /// <summary>Deletes the finished instances created in the filter's window (and in its statuses, when given).</summary>
    public Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter)
    {
        ArgumentNullException.ThrowIfNull(purgeInstanceFilter);
        var where = new StringBuilder("created_at >= $from");
        var parameters = new List<(string, object?)> { ("$from", UnixTime.ToMilliseconds(purgeInstanceFilter.CreatedTimeFrom)) };
        if (purgeInstanceFilter.CreatedTimeTo is { } to)
        {
            where.Append(" AND created_at <= $to");
            parameters.Add(("$to", UnixTime.ToMilliseconds(to)));
        }

        if (purgeInstanceFilter.RuntimeStatus?.ToList() is { Count: > 0 } statuses)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND status IN ({string.Join(", ", statuses.Select(s => (int)s))})");
        }

        return PurgeAsync(where.ToString(), [.. parameters]);
    }

    /// <summary>Deletes the finished instances whose created, completed or last-updated time is before the threshold.</summary>
    public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType)
    {
        var column = timeRangeFilterType switch
        {
            OrchestrationStateTimeRangeFilterType.OrchestrationCreatedTimeFilter => "created_at",
            OrchestrationStateTimeRangeFilterType.OrchestrationCompletedTimeFilter => "completed_at",
            OrchestrationStateTimeRangeFilterType.OrchestrationLastUpdatedTimeFilter => "last_updated_at",
            _ => throw new ArgumentOutOfRangeException(nameof(timeRangeFilterType), timeRangeFilterType, "Unknown time range filter."),
        };
        return PurgeAsync($"{column} < $threshold", ("$threshold", UnixTime.ToMilliseconds(thresholdDateTimeUtc)));
    }

    private async Task<PurgeResult> PurgeAsync(string where, params (string Name, object? Value)[] parameters)
    {
        await _database.EnsureCreatedAsync().ConfigureAwait(false);
        var purged = await _database.WriteAsync((connection, transaction) =>
        {
            var ids = Sql.Query(connection, transaction,
                $"DELETE FROM instances WHERE status IN ({InstanceStatuses.TerminalList}) AND lock_expires_at <= $now AND {where} RETURNING instance_id;",
                reader => reader.GetString(0), [.. parameters, ("$now", Now())]);
            DeleteInstanceData(connection, transaction, ids);
            return ids.Count;
        }).ConfigureAwait(false);
        return new PurgeResult(purged);
    }

    private static void DeleteInstanceData(SqliteConnection connection, SqliteTransaction transaction, List<string> instanceIds)
    {
        foreach (var table in new[] { "history", "messages", "activities" })
        {
            using var delete = Sql.Command(connection, transaction, $"DELETE FROM {table} WHERE instance_id = $id;", ("$id", ""));
            foreach (var id in instanceIds)
            {
                delete.Parameters["$id"].Value = id;
                delete.ExecuteNonQuery();
            }
        }
    }
}
