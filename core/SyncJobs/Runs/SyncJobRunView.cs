using System.Text.Json.Nodes;

namespace Serverless.Core.SyncJobs.Runs;

/// <summary>
/// A run as the API answers it and as its <c>sync_job_run:*</c> status events carry it (<c>sync_job_run_id</c> repeats
/// <c>id</c>, as in record events). The checkpoint is internal and never shown.
/// </summary>
public sealed record SyncJobRunView(
    Guid Id, Guid SyncJobRunId, Guid SyncJobId, Guid IntegratedAccountId, Guid WebhookId, string IntegrationName, string Status,
    JsonObject Args, string ErrorHandling, bool IgnorePreviousRun, IReadOnlyList<SyncJobResource> Resources,
    IReadOnlyDictionary<string, SyncResourceCounts> ResourceStats, IReadOnlyList<SyncRunError> Errors, int ErrorCount, string? Error,
    DateTimeOffset? PreviousRunDate, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The view of <paramref name="run"/>.</summary>
    public static SyncJobRunView From(SyncJobRunRecord run) => new(
        run.Id, run.Id, run.SyncJobId, run.IntegratedAccountId, run.WebhookId, run.IntegrationName, run.Status,
        run.Args, run.ErrorHandling, run.IgnorePreviousRun, run.Resources,
        run.ResourceStats.ToDictionary(s => s.Resource, s => new SyncResourceCounts(s.Records, s.Pages), StringComparer.Ordinal),
        run.Errors, run.ErrorCount, run.Error, run.PreviousRunDate, run.StartedAt, run.FinishedAt, run.CreatedAt, run.UpdatedAt);
}

/// <summary>Records and pages sent for one resource.</summary>
public sealed record SyncResourceCounts(long Records, long Pages);
