using System.Text.Json.Nodes;
using Serverless.Core.SyncJobs;

namespace Serverless.Functions.Api.Contracts;

// Bodies and answers of /sync-job and /sync-job-run (docs/sync-jobs.md). Runs answer with the core's SyncJobRunView,
// which their status events carry too.

internal sealed record SyncJobResourceBody
{
    /// <summary>A resource of the integration's config.</summary>
    public required string Resource { get; init; }

    /// <summary>The resource method, <c>list</c> by default.</summary>
    public string? Method { get; init; }

    /// <summary>The caller's query of each call; values may hold placeholders (<c>{{args.x}}</c>, <c>{{previous_run_date}}</c>, <c>{{resources.parent.id}}</c>).</summary>
    public JsonObject? Query { get; init; }

    public string? Id { get; init; }

    /// <summary>An earlier resource of the job: this one is fetched once per record of it.</summary>
    public string? DependsOn { get; init; }

    /// <summary>An array to repeat the fetch for: an argument's name, a placeholder or a JSONata expression.</summary>
    public string? LoopOn { get; init; }

    /// <summary>false: fetch only as a parent of later resources; its own records are not sent.</summary>
    public bool? Persist { get; init; }

    public SyncJobResource ToResource() =>
        new(Resource.Trim(), string.IsNullOrWhiteSpace(Method) ? SyncJobResource.ListMethod : Method.Trim(), Query, Id, DependsOn?.Trim(), LoopOn, Persist ?? true);
}

internal sealed record CreateSyncJobRequest
{
    public required string IntegrationName { get; init; }

    public required IReadOnlyList<SyncJobResourceBody> Resources { get; init; }

    /// <summary>A JSON Schema subset (<c>{type: object, properties}</c>) the runs' <c>args</c> are checked against.</summary>
    public JsonObject? ArgsSchema { get; init; }
}

/// <summary>Each given field replaces the stored one; <c>args_schema: null</c> removes the schema.</summary>
internal sealed record UpdateSyncJobRequest
{
    public string? IntegrationName { get; init; }

    public IReadOnlyList<SyncJobResourceBody>? Resources { get; init; }

    public JsonObject? ArgsSchema { get; init; }
}

internal sealed record SyncJobResponse(
    Guid Id, Guid EnvironmentId, string IntegrationName, IReadOnlyList<SyncJobResource> Resources, JsonObject? ArgsSchema,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static SyncJobResponse From(SyncJobRecord r) => new(r.Id, r.EnvironmentId, r.IntegrationName, r.Resources, r.ArgsSchema, r.CreatedAt, r.UpdatedAt);
}

internal sealed record CreateSyncJobRunRequest
{
    public required Guid SyncJobId { get; init; }

    public required Guid IntegratedAccountId { get; init; }

    /// <summary>The webhook every event of the run goes to; it must subscribe to <c>sync_job_run:record</c>.</summary>
    public required Guid WebhookId { get; init; }

    /// <summary>Checked against the job's <c>args_schema</c>, its defaults filled in.</summary>
    public JsonObject? Args { get; init; }

    /// <summary><c>fail_fast</c> or <c>ignore</c> (default).</summary>
    public string? ErrorHandling { get; init; }

    /// <summary>true: <c>{{previous_run_date}}</c> is 1970-01-01 (a full sync).</summary>
    public bool? IgnorePreviousRun { get; init; }
}

/// <summary><c>{"status": "stopped"}</c>: the run ends at its next page boundary.</summary>
internal sealed record UpdateSyncJobRunRequest
{
    public required string Status { get; init; }
}
