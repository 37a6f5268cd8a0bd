namespace Serverless.Core.SyncJobs.Running;

// What the run orchestration keeps and passes: identifiers, phases and counters only. Records never enter the
// orchestration's history (SPEC §10); the run's position lives in its document's checkpoint.

/// <summary>The orchestration's input, carried across <c>ContinueAsNew</c>.</summary>
/// <param name="Phase">One of <see cref="SyncRunPhase"/>.</param>
/// <param name="Sequence">How many status events the run has sent (the next one's id derives from it).</param>
/// <param name="Attempt">The delivery attempt of the pending event or page (1 unless the receiver failed).</param>
/// <param name="WaitSeconds">For <see cref="SyncRunPhase.RateLimited"/>: how long the vendor asked to wait.</param>
public sealed record SyncRunState(Guid EnvironmentId, Guid RunId, string Phase, int Sequence = 0, int Attempt = 1, string? Error = null, double WaitSeconds = 0);

/// <summary>The steps of a run; each but <see cref="Syncing"/> is a status change announced by an event.</summary>
public static class SyncRunPhase
{
    /// <summary>The run was created; resolves its previous run date.</summary>
    public const string Created = "created";

    /// <summary>The run starts: status <c>running</c>.</summary>
    public const string Started = "started";

    /// <summary>Fetching and delivering pages; no status change.</summary>
    public const string Syncing = "syncing";

    /// <summary>A vendor rate limit pauses the run.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>The run goes on after a rate-limit pause.</summary>
    public const string Resumed = "resumed";

    /// <summary>Every resource is synced.</summary>
    public const string Completed = "completed";

    /// <summary>The run failed.</summary>
    public const string Failed = "failed";

    /// <summary>The run was stopped on request.</summary>
    public const string Stopped = "stopped";

    /// <summary>Whether <paramref name="phase"/> ends the run: completed, failed or stopped.</summary>
    public static bool IsFinal(string phase) => phase is Completed or Failed or Stopped;
}

/// <summary>Input of the activity that applies a phase to the run's document and announces it.</summary>
/// <param name="EnvironmentId">The run's environment.</param>
/// <param name="RunId">The run.</param>
/// <param name="Phase">One of <see cref="SyncRunPhase"/>.</param>
/// <param name="Error">Why the run failed, for <see cref="SyncRunPhase.Failed"/>.</param>
/// <param name="Sequence">The number of the status event, from which its id derives.</param>
/// <param name="Attempt">The delivery attempt of the event.</param>
public sealed record SyncTransitionRequest(Guid EnvironmentId, Guid RunId, string Phase, string? Error, int Sequence, int Attempt);

/// <param name="Outcome">One of <see cref="SyncOutcome"/>.</param>
/// <param name="DelaySeconds">Before retrying an undelivered event or page; the vendor's wait for a rate limit.</param>
public sealed record SyncStepResult(string Outcome, string? Error = null, double DelaySeconds = 0);

/// <summary>Input of the activity that fetches and delivers the run's next pages.</summary>
/// <param name="EnvironmentId">The run's environment.</param>
/// <param name="RunId">The run.</param>
/// <param name="Attempt">The delivery attempt of the pending page.</param>
public sealed record SyncPagesRequest(Guid EnvironmentId, Guid RunId, int Attempt);

/// <summary>How an activity of a run ended.</summary>
internal static class SyncOutcome
{
    /// <summary>The event was delivered (or the webhook does not subscribe to it).</summary>
    public const string Delivered = "delivered";

    /// <summary>The receiver answered <c>sync_job_run:started</c> with a 4xx: the run is cancelled.</summary>
    public const string Refused = "refused";

    /// <summary>The receiver did not take an event or a page (network error, timeout, non-2xx): retry later.</summary>
    public const string Undelivered = "undelivered";

    /// <summary>Pages were sent up to the segment's budget; call again.</summary>
    public const string Progress = "progress";

    /// <summary>Every resource is done.</summary>
    public const string Finished = "finished";

    public const string RateLimited = "rate_limited";

    /// <summary>The run fails (<see cref="SyncStepResult.Error"/> says why).</summary>
    public const string Failed = "failed";

    /// <summary>The run was stopped (PATCH status stopped).</summary>
    public const string Stopped = "stopped";

    /// <summary>The run's document is gone (deleted).</summary>
    public const string Gone = "gone";
}
