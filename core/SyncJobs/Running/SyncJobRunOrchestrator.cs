using Microsoft.DurableTask;

namespace Serverless.Core.SyncJobs.Running;

/// <summary>
/// The orchestration of one sync job run (instance id = the run's id): <c>created</c> → <c>started</c> → segments of
/// pages (<see cref="SyncRunPagesActivity"/>) → <c>completed</c>, <c>failed</c> or <c>stopped</c>, each status change
/// written and announced by <see cref="SyncRunTransitionActivity"/>. Waits are durable timers: a vendor's rate limit
/// (announced as <c>rate_limited</c>, then <c>running</c> again), and the webhook retry policy's backoff when the
/// receiver fails an event or a page (the activities turn the policy's last attempt into a failure). An external event <see cref="WakeEvent"/> (sent on a stop request) ends a wait
/// early. The history holds only identifiers, phases and counters, and starts over every
/// <see cref="StepsPerGeneration"/> activity calls (<c>ContinueAsNew</c>), so a run of any length keeps it small.
/// </summary>
public sealed class SyncJobRunOrchestrator : TaskOrchestrator<SyncRunState, string>
{
    /// <summary>The external event that ends a wait early (sent on a stop request).</summary>
    public const string WakeEvent = "wake";

    /// <summary>Activity calls after which the orchestration continues as new, keeping its history small.</summary>
    public const int StepsPerGeneration = 16;

    /// <summary>Infrastructure failures (storage unavailable) are retried; vendor and receiver failures are outcomes, not exceptions.</summary>
    private static readonly TaskOptions Retries = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(30)));

    /// <inheritdoc/>
    public override async Task<string> RunAsync(TaskOrchestrationContext context, SyncRunState input)
    {
        var state = input;
        for (var step = 0; ; step++)
        {
            if (step == StepsPerGeneration)
            {
                context.ContinueAsNew(state, preserveUnprocessedEvents: false);
                return state.Phase;
            }

            SyncStepResult result;
            try
            {
                result = state.Phase == SyncRunPhase.Syncing
                    ? await context.CallActivityAsync<SyncStepResult>(nameof(SyncRunPagesActivity), new SyncPagesRequest(state.EnvironmentId, state.RunId, state.Attempt), Retries)
                    : await context.CallActivityAsync<SyncStepResult>(nameof(SyncRunTransitionActivity),
                        new SyncTransitionRequest(state.EnvironmentId, state.RunId, state.Phase, state.Error, state.Sequence, state.Attempt), Retries);
            }
            catch (TaskFailedException exception) when (!SyncRunPhase.IsFinal(state.Phase))
            {
                state = state with { Phase = SyncRunPhase.Failed, Attempt = 1, Sequence = state.Sequence + 1, Error = $"internal error: {exception.FailureDetails.ErrorMessage}" };
                continue;
            }

            if (result.Outcome == SyncOutcome.Gone || SyncRunPhase.IsFinal(state.Phase))
            {
                return state.Phase;
            }

            (state, var wait) = Next(state, result);
            if (wait > TimeSpan.Zero)
            {
                await WaitAsync(context, wait);
            }
        }
    }

    /// <summary>The state after an activity's outcome, and how long to wait before the next step.</summary>
    private static (SyncRunState State, TimeSpan Wait) Next(SyncRunState state, SyncStepResult result)
    {
        if (result.Outcome == SyncOutcome.Undelivered)
        {
            return (state with { Attempt = state.Attempt + 1 }, TimeSpan.FromSeconds(result.DelaySeconds));
        }
        if (result.Outcome == SyncOutcome.Progress)
        {
            return (state with { Attempt = 1 }, TimeSpan.Zero);
        }

        // Every other outcome leaves the phase; a status phase has used its event id.
        var next = state with { Attempt = 1, Sequence = state.Phase == SyncRunPhase.Syncing ? state.Sequence : state.Sequence + 1 };
        return result.Outcome switch
        {
            SyncOutcome.Stopped => (next with { Phase = SyncRunPhase.Stopped }, TimeSpan.Zero),
            SyncOutcome.Refused => (next with { Phase = SyncRunPhase.Stopped, Error = result.Error }, TimeSpan.Zero),
            SyncOutcome.Failed => (next with { Phase = SyncRunPhase.Failed, Error = result.Error }, TimeSpan.Zero),
            SyncOutcome.RateLimited => (next with { Phase = SyncRunPhase.RateLimited, WaitSeconds = result.DelaySeconds }, TimeSpan.Zero),
            SyncOutcome.Finished => (next with { Phase = SyncRunPhase.Completed }, TimeSpan.Zero),
            // Delivered: the phase's event is out.
            _ => state.Phase switch
            {
                SyncRunPhase.Created => (next with { Phase = SyncRunPhase.Started }, TimeSpan.Zero),
                SyncRunPhase.RateLimited => (next with { Phase = SyncRunPhase.Resumed }, TimeSpan.FromSeconds(state.WaitSeconds)),
                _ => (next with { Phase = SyncRunPhase.Syncing }, TimeSpan.Zero),
            },
        };
    }

    private static async Task WaitAsync(TaskOrchestrationContext context, TimeSpan wait)
    {
        using var cancel = new CancellationTokenSource();
        var timer = context.CreateTimer(wait, cancel.Token);
        var wake = context.WaitForExternalEvent<string>(WakeEvent, cancel.Token);
        await Task.WhenAny(timer, wake);
        cancel.Cancel();
    }
}
