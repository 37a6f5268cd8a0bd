using Serverless.Core.Errors;
using Serverless.Core.Workflows.Runs;
using Serverless.Functions.Api.Auth;
using Serverless.Functions.Api.Contracts;
using Serverless.Functions.Api.OpenApi;

namespace Serverless.Functions.Api.Endpoints;

/// <summary><c>/workflow-run</c>: runs of the caller's environment's workflows, each step's result or error; lists filter by <c>workflow_id</c> and <c>status</c>.</summary>
internal static class WorkflowRunEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workflow-run").WithTags("workflow-run").AllowEnvironmentScope();
        group.MapGet("", async (HttpContext http, string? limit, string? next_cursor, string? workflow_id, string? status, WorkflowRunRepository runs, CancellationToken ct) =>
        {
            var list = ListParameters.Parse(limit, next_cursor);
            Guid? workflow = workflow_id is null ? null
                : Guid.TryParse(workflow_id, out var parsed) ? parsed : throw ApiException.BadRequest($"$.workflow_id: expected a UUID, got '{workflow_id}'");
            if (status is not null && !WorkflowRunStatus.All.Contains(status))
            {
                throw ApiException.BadRequest($"$.status: unknown status '{status}' (expected {string.Join(", ", WorkflowRunStatus.All)})");
            }
            var page = await runs.ListAsync(http.Caller().EnvironmentId, list.Limit, list.Cursor,
                run => (workflow is null || run.WorkflowId == workflow) && (status is null || run.Status == status), ct);
            return list.Answer(page, WorkflowRunResponse.From);
        }).Produces<ListResponse<WorkflowRunResponse>>().Describe("listWorkflowRuns", "List the environment's workflow runs");

        group.MapGet("/{id:guid}", async (HttpContext http, Guid id, WorkflowRunRepository runs, CancellationToken ct) =>
            Results.Ok(WorkflowRunResponse.From((await runs.GetRequiredAsync(http.Caller().EnvironmentId, id, ct)).Value)))
            .Produces<WorkflowRunResponse>().Describe("getWorkflowRun", "Get a workflow run with each step's result or error");
    }
}
