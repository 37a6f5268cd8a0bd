using Microsoft.DurableTask;
using Serverless.Core.Events;
using Serverless.Core.Platform;
using Serverless.Core.SyncJobs.Runs;
using Serverless.Core.Workflows.Runs;
using Serverless.Core.Workflows.Schedules;

namespace Serverless.Core.Workflows.Running;

/// <summary>
/// Activity: one move of a workflow run. <see cref="WorkflowStepRequest.Begin"/> records the run (a copy of the
/// workflow and the trigger context) and evaluates <c>run_if</c> (false: <c>skipped</c>); a step index evaluates that
/// step's <c>run_if</c> and config and creates its sync job run through <see cref="SyncJobRuns"/> (the service
/// <c>POST /sync-job-run</c> uses) or, with a <c>cron_expression</c>, its schedule; the last step finishes the run.
/// A step already recorded is not run again, so a repeated call (activities are at least once) after the result was
/// saved does nothing twice; a repeat between creating the sync job run and saving its id would create a second run.
/// </summary>
public sealed class WorkflowRunStepActivity(
    WorkflowRepository workflows, WorkflowRunRepository runs, StoredEventLog events, WorkflowEvaluation evaluation, SyncJobRuns syncRuns,
    WorkflowScheduleRepository schedules) : TaskActivity<WorkflowStepRequest, WorkflowStepOutcome>
{
    private static readonly WorkflowStepOutcome Over = new(null);

    /// <inheritdoc/>
    public override async Task<WorkflowStepOutcome> RunAsync(TaskActivityContext context, WorkflowStepRequest input)
    {
        var ct = CancellationToken.None;
        if (input.Error is not null)
        {
            await FinishAsync(input.Run, WorkflowRunStatus.Failed, input.Error, ct);
            return Over;
        }
        return input.Step == WorkflowStepRequest.Begin ? await BeginAsync(input.Run, ct) : await StepAsync(input.Run, input.Step, ct);
    }

    private async Task<WorkflowStepOutcome> BeginAsync(WorkflowRunInput input, CancellationToken ct)
    {
        var stored = await runs.GetAsync(input.EnvironmentId, input.RunId, ct);
        if (stored is null)
        {
            // Deleted before it ran, or an event no longer in the log: there is nothing to run.
            var workflow = (await workflows.GetAsync(input.EnvironmentId, input.WorkflowId, ct))?.Value;
            var platformEvent = await events.GetAsync(input.EnvironmentId, input.EventId, ct);
            if (workflow is null || platformEvent is null)
            {
                return Over;
            }
            var now = runs.Time.GetUtcNow();
            var record = new WorkflowRunRecord(input.RunId, input.EnvironmentId, workflow.Id, platformEvent.Id, platformEvent.EventType, workflow.Label,
                workflow.Config, WorkflowContext.From(platformEvent), WorkflowRunStatus.Running, [], now, now);
            stored = await runs.TryCreateAsync(record, ct) ?? await runs.GetAsync(input.EnvironmentId, input.RunId, ct);
        }
        if (stored is null || stored.Value.Status != WorkflowRunStatus.Running)
        {
            return Over;
        }

        bool holds;
        try
        {
            holds = evaluation.Holds(stored.Value.Config.RunIf, stored.Value.Context);
        }
        catch (WorkflowStepException exception)
        {
            await FinishAsync(input, WorkflowRunStatus.Failed, exception.Message, ct);
            return Over;
        }
        if (!holds)
        {
            await FinishAsync(input, WorkflowRunStatus.Skipped, null, ct);
            return Over;
        }
        if (stored.Value.Config.Steps.Count == 0)
        {
            await FinishAsync(input, WorkflowRunStatus.Completed, null, ct);
            return Over;
        }
        return new(0);
    }

    private async Task<WorkflowStepOutcome> StepAsync(WorkflowRunInput input, int index, CancellationToken ct)
    {
        var stored = await runs.GetAsync(input.EnvironmentId, input.RunId, ct);
        if (stored is null || stored.Value.Status != WorkflowRunStatus.Running || index >= stored.Value.Config.Steps.Count)
        {
            return Over;
        }
        if (!stored.Value.Steps.Any(s => s.Index == index))
        {
            var result = await RunStepAsync(stored.Value, index, ct);
            while (true)
            {
                try
                {
                    stored = await runs.ReplaceAsync(stored, stored.Value with { Steps = [.. stored.Value.Steps, result] }, ct);
                    break;
                }
                catch (StaleVersionException)
                {
                    stored = await runs.GetAsync(input.EnvironmentId, input.RunId, ct);
                    if (stored is null || stored.Value.Steps.Any(s => s.Index == index))
                    {
                        break;
                    }
                }
            }
        }
        var count = stored?.Value.Config.Steps.Count ?? 0;
        if (index + 1 < count)
        {
            return new(index + 1);
        }
        var failed = stored?.Value.Steps.Any(s => s.Status == WorkflowStepResult.Failed) ?? false;
        await FinishAsync(input, failed ? WorkflowRunStatus.Failed : WorkflowRunStatus.Completed, null, ct);
        return Over;
    }

    private async Task<WorkflowStepResult> RunStepAsync(WorkflowRunRecord run, int index, CancellationToken ct)
    {
        var step = run.Config.Steps[index];
        SyncRunRequest? request = null;
        try
        {
            if (!evaluation.Holds(step.RunIf, run.Context))
            {
                return new(index, WorkflowStepResult.Skipped);
            }
            request = evaluation.Request(step, run.Context);
            if (step.CronExpression is { } cron)
            {
                var schedule = await schedules.UpsertAsync(run.EnvironmentId, run.WorkflowId, index, cron, request, ct);
                return new(index, WorkflowStepResult.Scheduled, ScheduleId: schedule.Id, Request: request);
            }
            var syncRun = await syncRuns.CreateAsync(run.EnvironmentId, request, ct);
            return new(index, WorkflowStepResult.Completed, SyncJobRunId: syncRun.Id, Request: request);
        }
        catch (Exception exception) when (exception is WorkflowStepException or SyncRunRejectedException)
        {
            return new(index, WorkflowStepResult.Failed, Error: exception.Message, Request: request);
        }
    }

    private async Task FinishAsync(WorkflowRunInput input, string status, string? error, CancellationToken ct)
    {
        while (await runs.GetAsync(input.EnvironmentId, input.RunId, ct) is { } stored && stored.Value.Status == WorkflowRunStatus.Running)
        {
            try
            {
                await runs.ReplaceAsync(stored, stored.Value with { Status = status, Error = error, FinishedAt = runs.Time.GetUtcNow() }, ct);
                return;
            }
            catch (StaleVersionException)
            {
                // A duplicate execution wrote meanwhile: read it again.
            }
        }
    }
}
