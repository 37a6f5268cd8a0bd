using Serverless.Core.Errors;
using Serverless.Core.Platform;
using Serverless.Core.Workflows;
using Serverless.Core.Workflows.Schedules;
using Serverless.Functions.Api.Auth;
using Serverless.Functions.Api.Bodies;
using Serverless.Functions.Api.Contracts;
using Serverless.Functions.Api.OpenApi;

namespace Serverless.Functions.Api.Endpoints;

/// <summary>
/// <c>/workflow</c>: workflows of the caller's environment, JSON or YAML bodies, validated with JSON paths; a
/// workflow's cron schedules under <c>/workflow/{id}/schedules</c>. Deleting a workflow removes its schedules.
/// </summary>
internal static class WorkflowEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workflow").WithTags("workflow").AllowEnvironmentScope();
        group.MapGet("", async (HttpContext http, string? limit, string? next_cursor, string? trigger_name, WorkflowRepository workflows, CancellationToken ct) =>
        {
            var list = ListParameters.Parse(limit, next_cursor);
            return list.Answer(await workflows.ListAsync(http.Caller().EnvironmentId, list.Limit, list.Cursor, trigger_name, ct), WorkflowResponse.From);
        }).Produces<ListResponse<WorkflowResponse>>().Describe("listWorkflows", "List the environment's workflows");

        group.MapPost("", async (HttpContext http, RequestBodyReader reader, WorkflowValidator validator, WorkflowRepository workflows, CancellationToken ct) =>
        {
            var body = (await reader.ReadAsync<CreateWorkflowRequest>(http.Request, allowYaml: true)).Value;
            var config = body.Config.ToConfig();
            Require.Valid(validator.Validate(body.Label, body.TriggerName, config));
            var now = workflows.Time.GetUtcNow();
            var created = await workflows.CreateAsync(
                new WorkflowRecord(SequentialUuid.Next(now), http.Caller().EnvironmentId, body.Label.Trim(), body.TriggerName, config, now, now), ct);
            return Results.Json(WorkflowResponse.From(created), statusCode: StatusCodes.Status201Created);
        }).AcceptsJsonOrYaml<CreateWorkflowRequest>().Produces<WorkflowResponse>(StatusCodes.Status201Created)
            .Describe("createWorkflow", "Create a workflow (JSON or YAML)");

        group.MapGet("/{id:guid}", async (HttpContext http, Guid id, WorkflowRepository workflows, CancellationToken ct) =>
            Results.Ok(WorkflowResponse.From((await workflows.GetRequiredAsync(http.Caller().EnvironmentId, id, ct)).Value)))
            .Produces<WorkflowResponse>().Describe("getWorkflow", "Get a workflow");

        group.MapPatch("/{id:guid}", async (HttpContext http, Guid id, RequestBodyReader reader, WorkflowValidator validator, WorkflowRepository workflows,
            WorkflowScheduleRepository schedules, CancellationToken ct) =>
        {
            var body = (await reader.ReadAsync<UpdateWorkflowRequest>(http.Request, allowYaml: true)).Value;
            var current = await workflows.GetRequiredAsync(http.Caller().EnvironmentId, id, ct);
            var changed = current.Value with
            {
                Label = body.Label?.Trim() ?? current.Value.Label,
                TriggerName = body.TriggerName ?? current.Value.TriggerName,
                Config = body.Config?.ToConfig() ?? current.Value.Config,
            };
            Require.Valid(validator.Validate(changed.Label, changed.TriggerName, changed.Config));
            var updated = (await workflows.ReplaceAsync(current, changed, ct)).Value;
            await schedules.ApplyStepsAsync(updated.EnvironmentId, updated.Id, updated.Config.Steps, ct);
            return Results.Ok(WorkflowResponse.From(updated));
        }).AcceptsJsonOrYaml<UpdateWorkflowRequest>().Produces<WorkflowResponse>()
            .Describe("updateWorkflow", "Change a workflow (each given field replaces the stored one)");

        // Runs keep their own copy of the workflow; its schedules go with it.
        group.MapDelete("/{id:guid}", async (HttpContext http, Guid id, WorkflowRepository workflows, WorkflowScheduleRepository schedules, CancellationToken ct) =>
        {
            var current = await workflows.GetRequiredAsync(http.Caller().EnvironmentId, id, ct);
            if (!await workflows.DeleteAsync(current, ct))
            {
                throw ApiException.NotFound(workflows.Name, id);
            }
            await schedules.DeleteForWorkflowAsync(current.Value.EnvironmentId, id, ct);
            return Results.Ok(new DeletedResponse(id));
        }).Produces<DeletedResponse>().Describe("deleteWorkflow", "Delete a workflow and its schedules");

        group.MapGet("/{id:guid}/schedules", async (HttpContext http, Guid id, WorkflowRepository workflows, WorkflowScheduleRepository schedules, CancellationToken ct) =>
        {
            var workflow = (await workflows.GetRequiredAsync(http.Caller().EnvironmentId, id, ct)).Value;
            var result = (await schedules.ListForWorkflowAsync(workflow.EnvironmentId, workflow.Id, ct)).Select(WorkflowScheduleResponse.From).ToList();
            return Results.Ok(new WorkflowSchedulesResponse(result));
        }).Produces<WorkflowSchedulesResponse>().Describe("listWorkflowSchedules", "List a workflow's cron schedules (one per cron step and account)");
    }
}
