using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Serverless.Core.Platform;
using Serverless.Core.Storage;
using Serverless.Core.SyncJobs.Runs;

namespace Serverless.Core.Workflows.Schedules;

/// <summary>
/// Schedules of cron steps: table <c>workflowschedules</c>, one partition for all environments (the timer reads them
/// all each minute), row key <c>{environment}_{workflow}_{step}_{account}</c> so a workflow's schedules are one range.
/// <see cref="Time"/> is the timer triggers' clock, which computes next times.
/// </summary>
public sealed class WorkflowScheduleRepository(IDocumentStore store, TimeProvider time)
{
    private const string Table = "workflowschedules";
    private const string Partition = "schedules";
    private const int PageSize = 1000;

    /// <summary>The clock that stamps <c>updated_at</c> on writes.</summary>
    public TimeProvider Time => time;

    /// <summary>The schedule's id: derived from what it is scheduled for, so running the workflow again finds it.</summary>
    public static Guid IdOf(Guid workflowId, int step, Guid accountId) =>
        DerivedUuid.From(Encoding.UTF8.GetBytes(Key(Guid.Empty, workflowId, step, accountId)));

    /// <summary>
    /// Creates the schedule, or updates its cron expression and request. The next time is kept when the expression is
    /// unchanged (running the workflow again does not move a due time), computed from now otherwise.
    /// </summary>
    public async Task<WorkflowScheduleRecord> UpsertAsync(
        Guid environmentId, Guid workflowId, int step, string cronExpression, SyncRunRequest request, CancellationToken cancellationToken)
    {
        var key = Key(environmentId, workflowId, step, request.IntegratedAccountId);
        var now = time.GetUtcNow();
        var next = WorkflowCron.Parse(cronExpression).NextAfter(now);
        while (true)
        {
            var existing = await store.GetAsync(Table, Partition, key, cancellationToken);
            try
            {
                if (existing is null)
                {
                    var created = new WorkflowScheduleRecord(IdOf(workflowId, step, request.IntegratedAccountId), environmentId, workflowId, step,
                        request.IntegratedAccountId, cronExpression, request, next, now, now);
                    await store.InsertAsync(Table, Partition, key, Serialize(created), cancellationToken);
                    return created;
                }
                var current = Deserialize(existing);
                var changed = current with
                {
                    CronExpression = cronExpression,
                    Request = request,
                    NextRunAt = current.CronExpression == cronExpression ? current.NextRunAt : next,
                    UpdatedAt = now,
                };
                await store.ReplaceAsync(Table, Partition, key, Serialize(changed), existing.ETag, cancellationToken);
                return changed;
            }
            catch (DocumentConflictException)
            {
                // Written meanwhile (the timer claimed it, or a second delivery of the event): read it again.
            }
        }
    }

    /// <summary>The schedules created by the steps of one workflow.</summary>
    public async Task<IReadOnlyList<WorkflowScheduleRecord>> ListForWorkflowAsync(Guid environmentId, Guid workflowId, CancellationToken cancellationToken)
    {
        var schedules = new List<WorkflowScheduleRecord>();
        await foreach (var stored in ReadAsync(Prefix(environmentId, workflowId), cancellationToken))
        {
            schedules.Add(stored.Value);
        }
        return schedules;
    }

    /// <summary>Every schedule of every environment, with the ETag to claim it by.</summary>
    public IAsyncEnumerable<Stored<WorkflowScheduleRecord>> ReadAllAsync(CancellationToken cancellationToken) => ReadAsync("", cancellationToken);

    /// <summary>
    /// Claims the firing of a due schedule by moving its next time on, conditional on the version read: of several
    /// timers (instances) reading the same version, exactly one succeeds.
    /// </summary>
    /// <returns>The claimed version, or null when another claimed it (or it was deleted) meanwhile.</returns>
    public async Task<Stored<WorkflowScheduleRecord>?> TryClaimAsync(Stored<WorkflowScheduleRecord> due, DateTimeOffset firedAt, DateTimeOffset? next, CancellationToken cancellationToken)
    {
        var claimed = due.Value with { NextRunAt = next, LastRunAt = firedAt, LastSyncJobRunId = null, LastError = null, UpdatedAt = firedAt };
        return await TryReplaceAsync(due.ETag, claimed, cancellationToken) is { } etag ? new(claimed, etag) : null;
    }

    /// <summary>Records what a firing did; lost quietly if the schedule changed meanwhile (the next firing records its own).</summary>
    public async Task RecordFiringAsync(Stored<WorkflowScheduleRecord> claimed, Guid? syncJobRunId, string? error, CancellationToken cancellationToken) =>
        await TryReplaceAsync(claimed.ETag, claimed.Value with { LastSyncJobRunId = syncJobRunId, LastError = error }, cancellationToken);

    /// <summary>Removes one schedule, whatever its version; nothing when it is gone.</summary>
    public Task DeleteAsync(WorkflowScheduleRecord schedule, CancellationToken cancellationToken) =>
        store.DeleteAsync(Table, Partition, Key(schedule.EnvironmentId, schedule.WorkflowId, schedule.Step, schedule.IntegratedAccountId), null, cancellationToken);

    /// <summary>Removes a workflow's schedules (the workflow was deleted).</summary>
    public Task DeleteForWorkflowAsync(Guid environmentId, Guid workflowId, CancellationToken cancellationToken) =>
        ApplyStepsAsync(environmentId, workflowId, [], cancellationToken);

    /// <summary>
    /// Brings a workflow's schedules in line with its edited steps: a schedule whose step is gone or has no
    /// <c>cron_expression</c> any more is removed; one whose expression changed takes the new one, its next time
    /// computed from now. Requests stay as evaluated when the workflow last ran for the account.
    /// </summary>
    public async Task ApplyStepsAsync(Guid environmentId, Guid workflowId, IReadOnlyList<WorkflowStep> steps, CancellationToken cancellationToken)
    {
        await foreach (var stored in ReadAsync(Prefix(environmentId, workflowId), cancellationToken))
        {
            var schedule = stored.Value;
            var cron = schedule.Step < steps.Count ? steps[schedule.Step].CronExpression : null;
            if (cron is null)
            {
                await DeleteAsync(schedule, cancellationToken);
            }
            else if (cron != schedule.CronExpression)
            {
                var now = time.GetUtcNow();
                // A conflict means the timer fired it meanwhile; the next edit or run brings it in line.
                await TryReplaceAsync(stored.ETag, schedule with { CronExpression = cron, NextRunAt = WorkflowCron.Parse(cron).NextAfter(now), UpdatedAt = now }, cancellationToken);
            }
        }
    }

    /// <summary>Removes an account's schedules (the account was deleted).</summary>
    public async Task DeleteForAccountAsync(Guid environmentId, Guid accountId, CancellationToken cancellationToken)
    {
        var doomed = new List<WorkflowScheduleRecord>();
        await foreach (var stored in ReadAsync(environmentId.ToString("N") + "_", cancellationToken))
        {
            if (stored.Value.IntegratedAccountId == accountId)
            {
                doomed.Add(stored.Value);
            }
        }
        foreach (var schedule in doomed)
        {
            await DeleteAsync(schedule, cancellationToken);
        }
    }

    private async IAsyncEnumerable<Stored<WorkflowScheduleRecord>> ReadAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var page = prefix.Length == 0
                ? await store.QueryAsync(Table, Partition, PageSize, continuation, cancellationToken)
                : await store.QueryPrefixAsync(Table, Partition, prefix, PageSize, continuation, cancellationToken);
            foreach (var document in page.Documents)
            {
                yield return new(Deserialize(document), document.ETag);
            }
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
    }

    private async Task<string?> TryReplaceAsync(string etag, WorkflowScheduleRecord changed, CancellationToken cancellationToken)
    {
        try
        {
            return await store.ReplaceAsync(Table, Partition, Key(changed.EnvironmentId, changed.WorkflowId, changed.Step, changed.IntegratedAccountId),
                Serialize(changed), etag, cancellationToken);
        }
        catch (Exception exception) when (exception is DocumentConflictException or DocumentNotFoundException)
        {
            return null;
        }
    }

    private static string Prefix(Guid environmentId, Guid workflowId) => $"{environmentId:N}_{workflowId:N}_";

    private static string Key(Guid environmentId, Guid workflowId, int step, Guid accountId) =>
        string.Create(CultureInfo.InvariantCulture, $"{environmentId:N}_{workflowId:N}_{step:D4}_{accountId:N}");

    private static string Serialize(WorkflowScheduleRecord schedule) => JsonSerializer.Serialize(schedule, PlatformJson.Options);

    private static WorkflowScheduleRecord Deserialize(StoredDocument document) =>
        JsonSerializer.Deserialize<WorkflowScheduleRecord>(document.Json, PlatformJson.Options)!;
}
