using Microsoft.DurableTask;
using Serverless.Core.Platform;
using Serverless.Core.SyncJobs.Runs;

namespace Serverless.Core.SyncJobs.Running;

/// <summary>
/// Activity: one status change of a run (<see cref="SyncRunPhase"/>), written to its document, then announced to its
/// webhook as a <c>sync_job_run:*</c> event. Idempotent: a repeat writes the same status and sends the same event id.
/// A stop request wins over every non-final change (and over completion: the run ends as stopped).
/// </summary>
public sealed class SyncRunTransitionActivity(SyncJobRunRepository runs, SyncRunDelivery delivery) : TaskActivity<SyncTransitionRequest, SyncStepResult>
{
    /// <inheritdoc/>
    public override async Task<SyncStepResult> RunAsync(TaskActivityContext context, SyncTransitionRequest input)
    {
        var ct = CancellationToken.None;
        var final = SyncRunPhase.IsFinal(input.Phase);
        Stored<SyncJobRunRecord>? stored;
        while (true)
        {
            stored = await runs.GetAsync(input.EnvironmentId, input.RunId, ct);
            if (stored is null)
            {
                return new(SyncOutcome.Gone);
            }
            if (stored.Value.Status == SyncRunStatus.Stopped && input.Phase != SyncRunPhase.Stopped)
            {
                return new(SyncOutcome.Stopped);
            }
            if (stored.Value.IsFinished && !final)
            {
                return new(SyncOutcome.Gone);
            }

            var changed = await ApplyAsync(stored.Value, input, ct);
            if (changed is null)
            {
                break;
            }
            try
            {
                stored = await runs.ReplaceAsync(stored, changed, ct);
                break;
            }
            catch (StaleVersionException)
            {
                // A stop request came in between: read again.
            }
        }

        var run = stored.Value;
        if (input.Phase == SyncRunPhase.Completed)
        {
            await runs.RecordCompletedAsync(run, ct);
        }
        var target = await delivery.OpenAsync(run, ct);
        if (target is null && !final)
        {
            return new(SyncOutcome.Failed, $"webhook {run.WebhookId} was deleted or deactivated");
        }

        var eventType = input.Phase switch
        {
            SyncRunPhase.Created => SyncRunDelivery.Created,
            SyncRunPhase.Started => SyncRunDelivery.Started,
            SyncRunPhase.Completed => SyncRunDelivery.Completed,
            SyncRunPhase.Failed => SyncRunDelivery.Failed,
            _ => SyncRunDelivery.Updated,
        };
        var sent = await delivery.SendStatusAsync(target, run, eventType, SyncEventIds.Status(run.Id, input.Sequence), input.Attempt, queueRetries: final, ct);
        if (sent is null || final || sent.StatusCode is >= 200 and < 300)
        {
            return new(SyncOutcome.Delivered);
        }

        var answer = sent.StatusCode is { } code ? $"answered {code}" : $"failed ({sent.Error})";
        // A 4xx to "started" is the receiver declining the run; 408 and 429 only ask to try again later.
        if (input.Phase == SyncRunPhase.Started && sent.StatusCode is >= 400 and < 500 and not 408 and not 429)
        {
            return new(SyncOutcome.Refused, $"the receiver {answer} to {eventType}: the run was cancelled");
        }
        return delivery.Undelivered($"the receiver {answer} to {eventType}", input.Attempt);
    }

    /// <summary>The run after the change, or null when it is in that state already.</summary>
    private async Task<SyncJobRunRecord?> ApplyAsync(SyncJobRunRecord run, SyncTransitionRequest input, CancellationToken ct)
    {
        var now = runs.Time.GetUtcNow();
        return input.Phase switch
        {
            SyncRunPhase.Created when run.PreviousRunDate is null => run with
            {
                PreviousRunDate = run.IgnorePreviousRun
                    ? SyncJobScope.NoPreviousRun
                    : await runs.LastCompletedStartAsync(run.EnvironmentId, run.SyncJobId, run.IntegratedAccountId, ct) ?? SyncJobScope.NoPreviousRun,
            },
            SyncRunPhase.Started or SyncRunPhase.Resumed when run.Status != SyncRunStatus.Running => run with { Status = SyncRunStatus.Running, StartedAt = run.StartedAt ?? now },
            SyncRunPhase.RateLimited when run.Status != SyncRunStatus.RateLimited => run with { Status = SyncRunStatus.RateLimited },
            SyncRunPhase.Completed or SyncRunPhase.Failed or SyncRunPhase.Stopped when !run.IsFinished || run.FinishedAt is null => run with
            {
                Status = input.Phase switch { SyncRunPhase.Completed => SyncRunStatus.Completed, SyncRunPhase.Failed => SyncRunStatus.Failed, _ => SyncRunStatus.Stopped },
                Error = run.Error ?? input.Error,
                FinishedAt = now,
                Checkpoint = null,
            },
            _ => null,
        };
    }
}
