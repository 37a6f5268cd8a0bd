using Serverless.Core.Errors;
using Serverless.Core.Platform;
using Serverless.Core.SyncJobs;
using Serverless.Functions.Api.Auth;
using Serverless.Functions.Api.Bodies;
using Serverless.Functions.Api.Contracts;
using Serverless.Functions.Api.OpenApi;

namespace Serverless.Functions.Api.Endpoints;

/// <summary><c>/sync-job</c>: sync job definitions of the caller's environment, JSON or YAML bodies, checked against their integration.</summary>
internal static class SyncJobEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/sync-job").WithTags("sync-job").AllowEnvironmentScope();
        group.MapGet("", async (HttpContext http, string? limit, string? next_cursor, string? integration_name, SyncJobRepository jobs, CancellationToken ct) =>
        {
            var list = ListParameters.Parse(limit, next_cursor);
            return list.Answer(await jobs.ListAsync(http.Caller().EnvironmentId, list.Limit, list.Cursor, integration_name, ct), SyncJobResponse.From);
        }).Produces<ListResponse<SyncJobResponse>>().Describe("listSyncJobs", "List sync jobs");

        group.MapPost("", async (HttpContext http, RequestBodyReader reader, SyncJobValidator validator, SyncJobRepository jobs, CancellationToken ct) =>
        {
            var body = (await reader.ReadAsync<CreateSyncJobRequest>(http.Request, allowYaml: true)).Value;
            var environmentId = http.Caller().EnvironmentId;
            var name = Require.Name(body.IntegrationName, "$.integration_name");
            var resources = body.Resources.Select(r => r.ToResource()).ToList();
            Require.Valid(await validator.ValidateAsync(environmentId, name, resources, body.ArgsSchema, ct));
            var now = jobs.Time.GetUtcNow();
            var created = await jobs.CreateAsync(new SyncJobRecord(SequentialUuid.Next(now), environmentId, name, resources, body.ArgsSchema, now, now), ct);
            return Results.Json(SyncJobResponse.From(created), statusCode: StatusCodes.Status201Created);
        }).AcceptsJsonOrYaml<CreateSyncJobRequest>().Produces<SyncJobResponse>(StatusCodes.Status201Created).Describe("createSyncJob", "Define a sync job (JSON or YAML)");

        group.MapGet("/{id:guid}", async (HttpContext http, Guid id, SyncJobRepository jobs, CancellationToken ct) =>
            Results.Ok(SyncJobResponse.From((await jobs.GetRequiredAsync(http.Caller().EnvironmentId, id, ct)).Value)))
            .Produces<SyncJobResponse>().Describe("getSyncJob", "Get a sync job");

        group.MapPatch("/{id:guid}", async (HttpContext http, Guid id, RequestBodyReader reader, SyncJobValidator validator, SyncJobRepository jobs, CancellationToken ct) =>
        {
            var body = await reader.ReadAsync<UpdateSyncJobRequest>(http.Request, allowYaml: true);
            var environmentId = http.Caller().EnvironmentId;
            var current = await jobs.GetRequiredAsync(environmentId, id, ct);
            var changed = current.Value with
            {
                IntegrationName = body.Value.IntegrationName is { } name ? Require.Name(name, "$.integration_name") : current.Value.IntegrationName,
                Resources = body.Value.Resources?.Select(r => r.ToResource()).ToList() ?? current.Value.Resources,
                ArgsSchema = body.Json.ContainsKey("args_schema") ? body.Value.ArgsSchema : current.Value.ArgsSchema,
            };
            Require.Valid(await validator.ValidateAsync(environmentId, changed.IntegrationName, changed.Resources, changed.ArgsSchema, ct));
            return Results.Ok(SyncJobResponse.From((await jobs.ReplaceAsync(current, changed, ct)).Value));
        }).AcceptsJsonOrYaml<UpdateSyncJobRequest>().Produces<SyncJobResponse>().Describe("updateSyncJob", "Change a sync job");

        // Runs keep their own copy of the job: deleting it leaves them as they are.
        group.MapDelete("/{id:guid}", async (HttpContext http, Guid id, SyncJobRepository jobs, CancellationToken ct) =>
        {
            var current = await jobs.GetRequiredAsync(http.Caller().EnvironmentId, id, ct);
            return await jobs.DeleteAsync(current, ct) ? Results.Ok(new DeletedResponse(id)) : throw ApiException.NotFound(jobs.Name, id);
        }).Produces<DeletedResponse>().Describe("deleteSyncJob", "Delete a sync job (its runs stay)");
    }
}
