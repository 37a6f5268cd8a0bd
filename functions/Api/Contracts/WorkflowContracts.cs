using System.Text.Json.Nodes;
using Serverless.Core.SyncJobs.Runs;
using Serverless.Core.Workflows;
using Serverless.Core.Workflows.Runs;
using Serverless.Core.Workflows.Schedules;

namespace Serverless.Functions.Api.Contracts;

// Bodies and answers of /workflow and /workflow-run (docs/workflows.md).

internal sealed record WorkflowStepBody
{
    /// <summary><c>run</c>.</summary>
    public required string Type { get; init; }

    /// <summary><c>run_sync_job</c>.</summary>
    public required string Action { get; init; }

    /// <summary>An object (strings may hold placeholders over the trigger context) or a JSONata string; either gives <c>{sync_job_id, integrated_account_id, webhook_id, args?}</c>.</summary>
    public required JsonNode Config { get; init; }

    /// <summary>JSONata over the trigger context: a falsy result skips the step.</summary>
    public string? RunIf { get; init; }

    /// <summary>Five fields, UTC: the step schedules the run for the account instead of running it now.</summary>
    public string? CronExpression { get; init; }

    public WorkflowStep ToStep() => new(Type.Trim(), Action.Trim(), Config, RunIf, CronExpression?.Trim());
}

internal sealed record WorkflowConfigBody
{
    /// <summary>JSONata over <c>{event, event_id, ...payload}</c>: a falsy result skips the run (recorded as <c>skipped</c>).</summary>
    public string? RunIf { get; init; }

    public required IReadOnlyList<WorkflowStepBody> Steps { get; init; }

    public WorkflowConfig ToConfig() => new(RunIf, [.. Steps.Select(step => step.ToStep())]);
}

internal sealed record CreateWorkflowRequest
{
    public required string Label { get; init; }

    /// <summary>The event type that starts the workflow (e.g. <c>integrated_account:active</c>).</summary>
    public required string TriggerName { get; init; }

    public required WorkflowConfigBody Config { get; init; }
}

/// <summary>Each given field replaces the stored one; the result is validated whole.</summary>
internal sealed record UpdateWorkflowRequest
{
    public string? Label { get; init; }

    public string? TriggerName { get; init; }

    public WorkflowConfigBody? Config { get; init; }
}

internal sealed record WorkflowResponse(Guid Id, Guid EnvironmentId, string Label, string TriggerName, WorkflowConfig Config, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static WorkflowResponse From(WorkflowRecord r) => new(r.Id, r.EnvironmentId, r.Label, r.TriggerName, r.Config, r.CreatedAt, r.UpdatedAt);
}

/// <summary>A workflow run: its status, the context its expressions saw, and each step's result or error.</summary>
internal sealed record WorkflowRunResponse(
    Guid Id, Guid WorkflowId, string Label, Guid EventId, string EventType, string Status, string? Error, JsonObject Context,
    IReadOnlyList<WorkflowStepResult> Steps, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt)
{
    public static WorkflowRunResponse From(WorkflowRunRecord r) =>
        new(r.Id, r.WorkflowId, r.Label, r.EventId, r.EventType, r.Status, r.Error, r.Context, r.Steps, r.CreatedAt, r.UpdatedAt, r.FinishedAt);
}

/// <summary>A cron step's schedule for one account.</summary>
internal sealed record WorkflowScheduleResponse(
    Guid Id, Guid WorkflowId, int Step, Guid IntegratedAccountId, string CronExpression, SyncRunRequest Request, DateTimeOffset? NextRunAt,
    DateTimeOffset? LastRunAt, Guid? LastSyncJobRunId, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static WorkflowScheduleResponse From(WorkflowScheduleRecord s) =>
        new(s.Id, s.WorkflowId, s.Step, s.IntegratedAccountId, s.CronExpression, s.Request,
            s.NextRunAt, s.LastRunAt, s.LastSyncJobRunId, s.LastError, s.CreatedAt, s.UpdatedAt);
}

internal sealed record WorkflowSchedulesResponse(IReadOnlyList<WorkflowScheduleResponse> Result);
