using System.Text.Json.Nodes;
using Serverless.Core.Platform;
using Serverless.Core.SyncJobs.Runs;

namespace Serverless.Core.Workflows.Runs;

/// <summary>
/// One run of a workflow for one event (id derived from both, so an event delivered twice runs it once). The
/// workflow's label, trigger and config are copied in when the run begins, so editing the workflow does not change a
/// run under way; <see cref="Context"/> is what its expressions saw (the event's payload, which never holds secrets).
/// </summary>
public sealed record WorkflowRunRecord(
    Guid Id, Guid EnvironmentId, Guid WorkflowId, Guid EventId, string EventType, string Label, WorkflowConfig Config, JsonObject Context,
    string Status, IReadOnlyList<WorkflowStepResult> Steps, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : IEnvironmentRecord<WorkflowRunRecord>
{
    WorkflowRunRecord IEnvironmentRecord<WorkflowRunRecord>.WithUpdatedAt(DateTimeOffset updatedAt) => this with { UpdatedAt = updatedAt };

    /// <summary>Why the run failed as a whole (its <c>run_if</c> did not evaluate, or an internal error).</summary>
    public string? Error { get; init; }

    /// <summary>When the run reached a final status; null while running.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
}

/// <summary>The statuses of a workflow run: <c>running</c> → <c>completed</c>, <c>failed</c> (a step or <c>run_if</c> failed) or <c>skipped</c> (<c>run_if</c> was false).</summary>
public static class WorkflowRunStatus
{
    /// <summary>Steps are being run.</summary>
    public const string Running = "running";

    /// <summary>Every step completed, was scheduled or was skipped.</summary>
    public const string Completed = "completed";

    /// <summary>A step or <c>run_if</c> failed.</summary>
    public const string Failed = "failed";

    /// <summary>The workflow's <c>run_if</c> was false.</summary>
    public const string Skipped = "skipped";

    /// <summary>Every status.</summary>
    public static IReadOnlyList<string> All { get; } = [Running, Completed, Failed, Skipped];
}

/// <summary>
/// What one step did: <c>completed</c> (a sync job run was created: <see cref="SyncJobRunId"/>), <c>scheduled</c> (its
/// <c>cron_expression</c> created or updated <see cref="ScheduleId"/>), <c>skipped</c> (its <c>run_if</c> was false) or
/// <c>failed</c> (<see cref="Error"/>). <see cref="Request"/> is what its config evaluated to.
/// </summary>
public sealed record WorkflowStepResult(int Index, string Status, Guid? SyncJobRunId = null, Guid? ScheduleId = null, string? Error = null, SyncRunRequest? Request = null)
{
    /// <summary>The step created a sync job run.</summary>
    public const string Completed = "completed";

    /// <summary>The step's <c>cron_expression</c> created or updated a schedule.</summary>
    public const string Scheduled = "scheduled";

    /// <summary>The step's <c>run_if</c> was false.</summary>
    public const string Skipped = "skipped";

    /// <summary>The step failed.</summary>
    public const string Failed = "failed";
}
