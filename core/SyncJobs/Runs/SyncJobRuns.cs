using Serverless.Core.Json;
using Serverless.Core.Platform;
using Serverless.Core.SyncJobs.Running;
using Serverless.Core.Webhooks.Outbound;

namespace Serverless.Core.SyncJobs.Runs;

/// <summary>
/// Creating and stopping runs, for the API and for workflows alike: a new run is checked (job, account and webhook of
/// the environment; the account on the job's integration and active; the webhook active and subscribed to
/// <c>sync_job_run:record</c>; <c>args</c> against the job's <c>args_schema</c>), stored as <c>created</c> with a copy
/// of the job, and its orchestration started.
/// </summary>
public sealed class SyncJobRuns(
    SyncJobRepository jobs, SyncJobRunRepository runs, IntegratedAccountRepository accounts, WebhookRepository webhooks, ISyncRunOrchestrations orchestrations,
    SyncRunStopSignals stopSignals)
{
    /// <exception cref="SyncRunRejectedException">The request cannot become a run.</exception>
    public async Task<SyncJobRunRecord> CreateAsync(Guid environmentId, SyncRunRequest request, CancellationToken cancellationToken)
    {
        var job = (await jobs.GetAsync(environmentId, request.SyncJobId, cancellationToken))?.Value
            ?? throw NotFound("$.sync_job_id", $"sync job {request.SyncJobId} not found");
        var account = (await accounts.GetAsync(environmentId, request.IntegratedAccountId, cancellationToken))?.Value
            ?? throw NotFound("$.integrated_account_id", $"integrated account {request.IntegratedAccountId} not found");
        var webhook = (await webhooks.GetAsync(environmentId, request.WebhookId, cancellationToken))?.Value
            ?? throw NotFound("$.webhook_id", $"webhook {request.WebhookId} not found");

        var errors = new List<ValidationError>();
        var errorHandling = request.ErrorHandling ?? SyncErrorHandling.Ignore;
        if (!SyncErrorHandling.All.Contains(errorHandling))
        {
            errors.Add(new("$.error_handling", $"unknown error handling '{errorHandling}' (expected {string.Join(", ", SyncErrorHandling.All)})"));
        }
        if (account.IntegrationName != job.IntegrationName)
        {
            errors.Add(new("$.integrated_account_id", $"the account is on integration '{account.IntegrationName}', the sync job on '{job.IntegrationName}'"));
        }
        if (!webhook.IsActive)
        {
            errors.Add(new("$.webhook_id", $"webhook {webhook.Id} is inactive"));
        }
        else if (!WebhookDispatcher.Subscribes(webhook, SyncRunDelivery.Record))
        {
            errors.Add(new("$.webhook_id", $"webhook {webhook.Id} does not subscribe to {SyncRunDelivery.Record}, so it would receive no records"));
        }
        var (args, argErrors) = ArgsSchema.Validate(job.ArgsSchema, request.Args, "$.args");
        errors.AddRange(argErrors);
        if (errors.Count > 0)
        {
            throw new SyncRunRejectedException(SyncRunRejection.Invalid, errors);
        }
        if (account.Status != "active")
        {
            throw new SyncRunRejectedException(SyncRunRejection.Conflict, [new("$.integrated_account_id", $"integrated account {account.Id} is not active (status {account.Status})")]);
        }

        var now = runs.Time.GetUtcNow();
        var run = new SyncJobRunRecord(SequentialUuid.Next(now), environmentId, job.Id, account.Id, webhook.Id, job.IntegrationName,
            job.Resources, args, errorHandling, request.IgnorePreviousRun, SyncRunStatus.Created, now, now)
        {
            ResourceStats = [.. job.Resources.Select(r => new SyncResourceStats(r.Resource, 0, 0))],
        };
        var stored = await runs.CreateAsync(run, cancellationToken);
        try
        {
            await orchestrations.StartAsync(environmentId, run.Id, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Not started: the run must not stay "created" forever.
            await runs.ReplaceAsync(stored, run with { Status = SyncRunStatus.Failed, Error = $"the run could not be started: {exception.Message}", FinishedAt = now }, CancellationToken.None);
            throw;
        }
        return run;
    }

    /// <summary>Asks a run to stop at its next page boundary; a finished run answers a conflict.</summary>
    /// <exception cref="SyncRunRejectedException">Not found, or finished already.</exception>
    public async Task<SyncJobRunRecord> StopAsync(Guid environmentId, Guid runId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await runs.GetAsync(environmentId, runId, cancellationToken)
                ?? throw NotFound("$.id", $"sync job run {runId} not found");
            if (current.Value.Status == SyncRunStatus.Stopped)
            {
                return current.Value;
            }
            if (current.Value.IsFinished)
            {
                throw new SyncRunRejectedException(SyncRunRejection.Conflict, [new("$.status", $"the run is {current.Value.Status} already")]);
            }
            try
            {
                var stopped = await runs.ReplaceAsync(current, current.Value with { Status = SyncRunStatus.Stopped }, cancellationToken);
                stopSignals.Raise(runId);
                await orchestrations.WakeAsync(runId, cancellationToken);
                return stopped.Value;
            }
            catch (StaleVersionException)
            {
                // The run saved its position meanwhile: read it again.
            }
        }
    }

    /// <summary>Deletes a finished run (a running one must be stopped first).</summary>
    /// <exception cref="SyncRunRejectedException">Not found, or not finished.</exception>
    public async Task DeleteAsync(Guid environmentId, Guid runId, CancellationToken cancellationToken)
    {
        var current = await runs.GetAsync(environmentId, runId, cancellationToken)
            ?? throw NotFound("$.id", $"sync job run {runId} not found");
        if (!current.Value.IsFinished)
        {
            throw new SyncRunRejectedException(SyncRunRejection.Conflict, [new("$.status", $"the run is {current.Value.Status}; stop it first (PATCH {{\"status\":\"stopped\"}})")]);
        }
        if (!await runs.DeleteAsync(current, cancellationToken))
        {
            throw NotFound("$.id", $"sync job run {runId} not found");
        }
    }

    private static SyncRunRejectedException NotFound(string path, string message) => new(SyncRunRejection.NotFound, [new(path, message)]);
}
