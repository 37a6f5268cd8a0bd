using Serverless.Core.Errors;
using Serverless.Core.Json;
using Serverless.Core.SyncJobs.Runs;
using Serverless.Functions.Api.Auth;
using Serverless.Functions.Api.Bodies;
using Serverless.Functions.Api.Contracts;
using Serverless.Functions.Api.OpenApi;

namespace Serverless.Functions.Api.Endpoints;

/// <summary>
/// <c>/sync-job-run</c>: runs of the caller's environment. POST creates and starts one (<see cref="SyncJobRuns"/>), PATCH
/// <c>{"status":"stopped"}</c> stops it at its next page boundary, DELETE removes a finished one; lists filter by
/// <c>sync_job_id</c>, <c>integrated_account_id</c> and <c>status</c>.
/// </summary>
internal static class SyncJobRunEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/sync-job-run").WithTags("sync-job-run").AllowEnvironmentScope();
        group.MapGet("", async (HttpContext http, string? limit, string? next_cursor, string? sync_job_id, string? integrated_account_id, string? status,
            SyncJobRunRepository runs, CancellationToken ct) =>
        {
            var list = ListParameters.Parse(limit, next_cursor);
            var job = OptionalId(sync_job_id, "$.sync_job_id");
            var account = OptionalId(integrated_account_id, "$.integrated_account_id");
            if (status is not null && !SyncRunStatus.All.Contains(status))
            {
                throw ApiException.BadRequest($"$.status: unknown status '{status}' (expected {string.Join(", ", SyncRunStatus.All)})");
            }
            var page = await runs.ListAsync(http.Caller().EnvironmentId, list.Limit, list.Cursor,
                run => (job is null || run.SyncJobId == job) && (account is null || run.IntegratedAccountId == account) && (status is null || run.Status == status), ct);
            return list.Answer(page, SyncJobRunView.From);
        }).Produces<ListResponse<SyncJobRunView>>().Describe("listSyncJobRuns", "List sync job runs, by job, account and status");

        group.MapPost("", async (HttpContext http, RequestBodyReader reader, SyncJobRuns service, CancellationToken ct) =>
        {
            var body = (await reader.ReadAsync<CreateSyncJobRunRequest>(http.Request)).Value;
            var request = new SyncRunRequest(body.SyncJobId, body.IntegratedAccountId, body.WebhookId, body.Args, body.ErrorHandling, body.IgnorePreviousRun ?? false);
            var run = await service.CreateAsync(http.Caller().EnvironmentId, request, ct);
            return Results.Json(SyncJobRunView.From(run), statusCode: StatusCodes.Status201Created);
        }).Accepts<CreateSyncJobRunRequest>("application/json").Produces<SyncJobRunView>(StatusCodes.Status201Created).Describe("createSyncJobRun", "Start a sync job run for an account");

        group.MapGet("/{id:guid}", async (HttpContext http, Guid id, SyncJobRunRepository runs, CancellationToken ct) =>
            Results.Ok(SyncJobRunView.From((await runs.GetRequiredAsync(http.Caller().EnvironmentId, id, ct)).Value)))
            .Produces<SyncJobRunView>().Describe("getSyncJobRun", "Get a sync job run with its counts");

        group.MapPatch("/{id:guid}", async (HttpContext http, Guid id, RequestBodyReader reader, SyncJobRuns service, CancellationToken ct) =>
        {
            var body = (await reader.ReadAsync<UpdateSyncJobRunRequest>(http.Request)).Value;
            if (body.Status != SyncRunStatus.Stopped)
            {
                throw ApiException.Invalid([new ValidationError("$.status", $"a run can only be stopped: expected 'stopped', got '{body.Status}'")]);
            }
            return Results.Ok(SyncJobRunView.From(await service.StopAsync(http.Caller().EnvironmentId, id, ct)));
        }).Accepts<UpdateSyncJobRunRequest>("application/json").Produces<SyncJobRunView>().Describe("updateSyncJobRun", "Stop a sync job run");

        group.MapDelete("/{id:guid}", async (HttpContext http, Guid id, SyncJobRuns service, CancellationToken ct) =>
        {
            await service.DeleteAsync(http.Caller().EnvironmentId, id, ct);
            return Results.Ok(new DeletedResponse(id));
        }).Produces<DeletedResponse>().Describe("deleteSyncJobRun", "Delete a finished sync job run");
    }

    private static Guid? OptionalId(string? value, string path) =>
        value is null ? null : Guid.TryParse(value, out var id) ? id : throw ApiException.BadRequest($"{path}: expected a UUID, got '{value}'");
}
