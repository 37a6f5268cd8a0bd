using Microsoft.Extensions.Logging;
using Serverless.Core.Platform;
using Serverless.Core.SyncJobs.Runs;
using Serverless.Core.Triggers;

namespace Serverless.Core.Workflows.Schedules;

/// <summary>
/// Timer function <c>WorkflowSchedules</c>, each minute: every schedule due at the firing's time creates its sync job run,
/// once. A firing first claims the schedule by moving its next time past the firing with a conditional write: of
/// several instances firing at once, one wins and the others see the new time. A schedule whose times were missed
/// (the platform was down) is due once: its next time is computed from now, not from the missed one. A schedule whose
/// account is gone is removed.
/// </summary>
public sealed partial class WorkflowScheduleTimer(WorkflowScheduleRepository schedules, SyncJobRuns syncRuns, ILogger<WorkflowScheduleTimer> logger) : ITimerTriggerHandler
{
    /// <summary>The function's name, a constant for the Function App's <c>[Function]</c> attribute.</summary>
    public const string Name = "WorkflowSchedules";

    /// <summary>Every minute, at second 0 (cron steps have minute resolution).</summary>
    public const string EveryMinute = "0 * * * * *";

    /// <inheritdoc/>
    public string FunctionName => Name;

    /// <inheritdoc/>
    public string Schedule => EveryMinute;

    /// <inheritdoc/>
    public Task HandleAsync(TimerTriggerContext context, CancellationToken cancellationToken) => FireDueAsync(context.FiredAt, cancellationToken);

    /// <returns>How many schedules this call fired.</returns>
    public async Task<int> FireDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fired = 0;
        var due = new List<Stored<WorkflowScheduleRecord>>();
        await foreach (var schedule in schedules.ReadAllAsync(cancellationToken))
        {
            if (schedule.Value.NextRunAt is { } next && next <= now)
            {
                due.Add(schedule);
            }
        }
        foreach (var schedule in due)
        {
            var next = WorkflowCron.TryParse(schedule.Value.CronExpression, out _)?.NextAfter(now);
            if (await schedules.TryClaimAsync(schedule, now, next, cancellationToken) is not { } claimed)
            {
                continue;
            }
            fired++;
            try
            {
                var run = await syncRuns.CreateAsync(claimed.Value.EnvironmentId, claimed.Value.Request, cancellationToken);
                await schedules.RecordFiringAsync(claimed, run.Id, null, cancellationToken);
            }
            catch (SyncRunRejectedException rejected) when (rejected.Kind == SyncRunRejection.NotFound && rejected.Errors.Any(e => e.Path == "$.integrated_account_id"))
            {
                // The account is gone (its deletion event removes its schedules too; this covers one that raced it).
                await schedules.DeleteAsync(claimed.Value, cancellationToken);
            }
            catch (SyncRunRejectedException rejected)
            {
                LogFiringRefused(logger, claimed.Value.Id, rejected.Message);
                await schedules.RecordFiringAsync(claimed, null, rejected.Message, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The run could not be started (SyncJobRuns marks it failed): the other schedules still fire.
                LogFiringFailed(logger, exception, claimed.Value.Id);
                await schedules.RecordFiringAsync(claimed, null, $"the sync job run could not be started: {exception.Message}", cancellationToken);
            }
        }
        return fired;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow schedule {ScheduleId} fired but its sync job run was refused: {Reason}")]
    private static partial void LogFiringRefused(ILogger logger, Guid scheduleId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Workflow schedule {ScheduleId} fired but its sync job run could not be started")]
    private static partial void LogFiringFailed(ILogger logger, Exception exception, Guid scheduleId);
}
