using System.Text.Json.Nodes;
using Serverless.Core.Platform;

namespace Serverless.Core.Workflows;

/// <summary>
/// A workflow (SPEC §8): when an event of <see cref="TriggerName"/> happens in its environment and <c>config.run_if</c>
/// holds, each step runs (or, with a <c>cron_expression</c>, is scheduled for the event's account).
/// </summary>
public sealed record WorkflowRecord(
    Guid Id, Guid EnvironmentId, string Label, string TriggerName, WorkflowConfig Config, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : IEnvironmentRecord<WorkflowRecord>
{
    WorkflowRecord IEnvironmentRecord<WorkflowRecord>.WithUpdatedAt(DateTimeOffset updatedAt) => this with { UpdatedAt = updatedAt };
}

/// <param name="RunIf">JSONata over the trigger context (<see cref="WorkflowContext"/>); a falsy result skips the run.</param>
public sealed record WorkflowConfig(string? RunIf, IReadOnlyList<WorkflowStep> Steps);

/// <summary>
/// One step: <c>type: run</c>, <c>action: run_sync_job</c>. <see cref="Config"/> is an object whose strings may hold
/// placeholders over the trigger context, or a JSONata string over it; either evaluates to
/// <c>{sync_job_id, integrated_account_id, webhook_id, args?}</c>.
/// </summary>
/// <param name="CronExpression">Five fields, UTC: the step creates or updates a schedule for the account instead of running now.</param>
public sealed record WorkflowStep(string Type, string Action, JsonNode Config, string? RunIf = null, string? CronExpression = null)
{
    /// <summary>The only step <see cref="Type"/>: run an action.</summary>
    public const string RunType = "run";

    /// <summary>The only step <see cref="Action"/>: create a sync job run.</summary>
    public const string RunSyncJobAction = "run_sync_job";
}
