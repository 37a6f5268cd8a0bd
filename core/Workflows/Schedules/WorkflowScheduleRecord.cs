using Serverless.Core.SyncJobs.Runs;

namespace Serverless.Core.Workflows.Schedules;

/// <summary>
/// A cron step's schedule for one account: which sync job run to create (<see cref="Request"/>, the step's config as
/// evaluated when the workflow last ran for the account) and when next (<see cref="NextRunAt"/>, UTC). One per
/// workflow, step and account: the workflow running again for the account updates it.
/// </summary>
public sealed record WorkflowScheduleRecord(
    Guid Id, Guid EnvironmentId, Guid WorkflowId, int Step, Guid IntegratedAccountId, string CronExpression, SyncRunRequest Request,
    DateTimeOffset? NextRunAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>When the schedule last fired; null before its first firing.</summary>
    public DateTimeOffset? LastRunAt { get; init; }

    /// <summary>The sync job run the last firing created.</summary>
    public Guid? LastSyncJobRunId { get; init; }

    /// <summary>Why the last firing created no run.</summary>
    public string? LastError { get; init; }
}
