using System.Text.Json.Nodes;

namespace Serverless.Core.SyncJobs.Runs;

/// <summary>
/// One run of a sync job for one integrated account, delivering to one webhook. The job's integration name and
/// resources are copied in at creation, so editing or deleting the job does not change a run under way.
/// <see cref="Checkpoint"/> is where the run resumes after a crash (internal: never shown by the API).
/// </summary>
public sealed record SyncJobRunRecord(
    Guid Id, Guid EnvironmentId, Guid SyncJobId, Guid IntegratedAccountId, Guid WebhookId, string IntegrationName,
    IReadOnlyList<SyncJobResource> Resources, JsonObject Args, string ErrorHandling, bool IgnorePreviousRun, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public DateTimeOffset? PreviousRunDate { get; init; }

    /// <summary>Records and pages sent per resource, in the job's order.</summary>
    public IReadOnlyList<SyncResourceStats> ResourceStats { get; init; } = [];

    /// <summary>Vendor errors passed over with <c>error_handling: ignore</c> (the first <see cref="MaxErrors"/>).</summary>
    public IReadOnlyList<SyncRunError> Errors { get; init; } = [];

    public int ErrorCount { get; init; }

    /// <summary>Why the run failed or was cancelled.</summary>
    public string? Error { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public SyncCheckpoint? Checkpoint { get; init; }

    public const int MaxErrors = 100;

    public bool IsFinished => SyncRunStatus.IsFinished(Status);
}

/// <summary>The statuses of a run (Truto's): <c>created</c> → <c>running</c> (⇄ <c>rate_limited</c>) → <c>completed</c>, <c>failed</c> or <c>stopped</c>.</summary>
public static class SyncRunStatus
{
    public const string Created = "created";
    public const string Running = "running";
    public const string RateLimited = "rate_limited";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Stopped = "stopped";

    public static IReadOnlyList<string> All { get; } = [Created, Running, RateLimited, Completed, Failed, Stopped];

    public static bool IsFinished(string status) => status is Completed or Failed or Stopped;
}

/// <summary>How a run treats a vendor error: <c>fail_fast</c> fails the run; <c>ignore</c> (Truto's default) records it and goes on.</summary>
internal static class SyncErrorHandling
{
    public const string FailFast = "fail_fast";
    public const string Ignore = "ignore";

    public static IReadOnlyList<string> All { get; } = [FailFast, Ignore];
}

public sealed record SyncResourceStats(string Resource, long Records, long Pages);

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
