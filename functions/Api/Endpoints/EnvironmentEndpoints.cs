using Serverless.Core.Platform;
using Serverless.Functions.Api.Bodies;
using Serverless.Functions.Api.Contracts;
using Serverless.Functions.Api.OpenApi;

namespace Serverless.Functions.Api.Endpoints;

/// <summary><c>/environment</c>: team-level, visible to every token.</summary>
internal static class EnvironmentEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/environment").WithTags("environment");
        group.MapGet("", async (string? limit, string? next_cursor, EnvironmentRepository environments, CancellationToken ct) =>
        {
            var list = ListParameters.Parse(limit, next_cursor);
            return list.Answer(await environments.ListAsync(list.Limit, list.Cursor, ct), EnvironmentResponse.From);
        }).Produces<ListResponse<EnvironmentResponse>>().Describe("listEnvironments", "List the environments of the team");

        group.MapPost("", async (HttpRequest request, RequestBodyReader reader, EnvironmentRepository environments, CancellationToken ct) =>
        {
            var body = await reader.ReadAsync<CreateEnvironmentRequest>(request);
            var created = await environments.CreateAsync(Require.Name(body.Value.Name, "$.name"), ct);
            return Results.Json(EnvironmentResponse.From(created), statusCode: StatusCodes.Status201Created);
        }).Accepts<CreateEnvironmentRequest>("application/json").Produces<EnvironmentResponse>(StatusCodes.Status201Created).Describe("createEnvironment", "Create an environment");

        group.MapGet("/{id:guid}", async (Guid id, EnvironmentRepository environments, CancellationToken ct) =>
            Results.Ok(EnvironmentResponse.From(Require.Found(await environments.GetAsync(id, ct), "environment", id).Value)))
            .Produces<EnvironmentResponse>().Describe("getEnvironment", "Get an environment");

        group.MapPatch("/{id:guid}", async (Guid id, HttpRequest request, RequestBodyReader reader, EnvironmentRepository environments, CancellationToken ct) =>
        {
            var body = await reader.ReadAsync<UpdateEnvironmentRequest>(request);
            var current = Require.Found(await environments.GetAsync(id, ct), "environment", id);
            var updated = body.Value.Name is null
                ? current.Value
                : await environments.RenameAsync(current, Require.Name(body.Value.Name, "$.name"), ct);
            return Results.Ok(EnvironmentResponse.From(updated));
        }).Accepts<UpdateEnvironmentRequest>("application/json").Produces<EnvironmentResponse>().Describe("updateEnvironment", "Rename an environment");
    }
}
