using System.Text.Json.Nodes;
using Serverless.Core.Platform;

namespace Serverless.Core.SyncJobs.Runs;

/// <summary>
/// One run of a sync job for one integrated account, delivering to one webhook. The job's integration name and
/// resources are copied in at creation, so editing or deleting the job does not change a run under way.
/// <see cref="Checkpoint"/> is where the run resumes after a crash (internal: never shown by the API).
/// </summary>
public sealed record SyncJobRunRecord(
    Guid Id, Guid EnvironmentId, Guid SyncJobId, Guid IntegratedAccountId, Guid WebhookId, string IntegrationName,
    IReadOnlyList<SyncJobResource> Resources, JsonObject Args, string ErrorHandling, bool IgnorePreviousRun, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : IEnvironmentRecord<SyncJobRunRecord>
{
    SyncJobRunRecord IEnvironmentRecord<SyncJobRunRecord>.WithUpdatedAt(DateTimeOffset updatedAt) => this with { UpdatedAt = updatedAt };

    /// <summary>The start of the job's last completed run for this account, or the epoch when there is none or <see cref="IgnorePreviousRun"/> is set; fixed when the run is created and exposed to templates as <c>previous_run_date</c>.</summary>
    public DateTimeOffset? PreviousRunDate { get; init; }

    /// <summary>Records and pages sent per resource, in the job's order.</summary>
    public IReadOnlyList<SyncResourceStats> ResourceStats { get; init; } = [];

    /// <summary>Vendor errors passed over with <c>error_handling: ignore</c> (the first <see cref="MaxErrors"/>).</summary>
    public IReadOnlyList<SyncRunError> Errors { get; init; } = [];

    /// <summary>How many vendor errors were passed over in all, including those beyond <see cref="MaxErrors"/> that <see cref="Errors"/> does not keep.</summary>
    public int ErrorCount { get; init; }

    /// <summary>Why the run failed or was cancelled.</summary>
    public string? Error { get; init; }

    /// <summary>When the run first started running; null until then.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the run reached a finished status; null until then.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Where the run resumes after a crash; null before its first page.</summary>
    public SyncCheckpoint? Checkpoint { get; init; }

    /// <summary>How many errors <see cref="Errors"/> keeps at most.</summary>
    public const int MaxErrors = 100;

    /// <summary>Whether <see cref="SyncJobRunRecord.Status"/> is final: completed, failed or stopped.</summary>
    public bool IsFinished => SyncRunStatus.IsFinished(Status);
}

/// <summary>The statuses of a run (Truto's): <c>created</c> → <c>running</c> (⇄ <c>rate_limited</c>) → <c>completed</c>, <c>failed</c> or <c>stopped</c>.</summary>
public static class SyncRunStatus
{
    /// <summary>Created, not yet started.</summary>
    public const string Created = "created";

    /// <summary>Fetching pages and delivering records.</summary>
    public const string Running = "running";

    /// <summary>Paused by a vendor rate limit; resumes by itself.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>Finished: every resource synced.</summary>
    public const string Completed = "completed";

    /// <summary>Finished with an error.</summary>
    public const string Failed = "failed";

    /// <summary>Stopped on request before finishing.</summary>
    public const string Stopped = "stopped";

    /// <summary>Every status, in lifecycle order.</summary>
    public static IReadOnlyList<string> All { get; } = [Created, Running, RateLimited, Completed, Failed, Stopped];

    /// <summary>Whether <paramref name="status"/> is final: completed, failed or stopped.</summary>
    public static bool IsFinished(string status) => status is Completed or Failed or Stopped;
}

/// <summary>How a run treats a vendor error: <c>fail_fast</c> fails the run; <c>ignore</c> (Truto's default) records it and goes on.</summary>
internal static class SyncErrorHandling
{
    public const string FailFast = "fail_fast";
    public const string Ignore = "ignore";

    public static IReadOnlyList<string> All { get; } = [FailFast, Ignore];
}

/// <summary>What a run sent for one resource.</summary>
/// <param name="Resource">The resource name.</param>
/// <param name="Records">Records delivered.</param>
/// <param name="Pages">Vendor pages fetched.</param>
public sealed record SyncResourceStats(string Resource, long Records, long Pages);

/// <summary>A vendor error a run passed over (<c>error_handling: ignore</c>).</summary>
/// <param name="Resource">The resource being synced.</param>
/// <param name="Message">What went wrong.</param>
/// <param name="At">When it happened.</param>
public sealed record SyncRunError(string Resource, string Message, DateTimeOffset At);

/// <summary>
/// Where a run stands: the resource being synced and, for each level of its walk entered so far (parents of a
/// <c>depends_on</c> chain, <c>loop_on</c> items, the resource's own pages), the page cursor and the item reached.
/// </summary>
/// <param name="Segment">The activity execution that wrote it: a duplicate execution of the same segment (activities are at
/// least once) sees another's writes and steps aside instead of overwriting them.</param>
public sealed record SyncCheckpoint(int Resource, IReadOnlyList<SyncFrame> Frames, Guid Segment = default);

/// <param name="Cursor">The opaque cursor of the page this level is on (null: its first page); for the resource itself, the next page to fetch.</param>
/// <param name="Index">The record (or loop item) of that page being walked below.</param>
public sealed record SyncFrame(string? Cursor, int Index);
