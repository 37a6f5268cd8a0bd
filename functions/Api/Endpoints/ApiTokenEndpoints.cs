using Serverless.Core.Platform;
using Serverless.Functions.Api.Auth;
using Serverless.Functions.Api.Bodies;
using Serverless.Functions.Api.Contracts;
using Serverless.Functions.Api.Errors;

namespace Serverless.Functions.Api.Endpoints;

/// <summary><c>/api-token</c>: the caller's environment's tokens; the value is shown only on creation.</summary>
internal static class ApiTokenEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/api-token").WithTags("api-token");
        group.MapGet("", async (HttpContext http, string? limit, string? next_cursor, ApiTokenRepository tokens, CancellationToken ct) =>
        {
            var list = ListParameters.Parse(limit, next_cursor);
            return list.Answer(await tokens.ListAsync(http.Caller().EnvironmentId, list.Limit, list.Cursor, ct), ApiTokenResponse.From);
        }).Produces<ListResponse<ApiTokenResponse>>();

        group.MapPost("", async (HttpContext http, RequestBodyReader reader, ApiTokenRepository tokens, EnvironmentRepository environments, CancellationToken ct) =>
        {
            var body = await reader.ReadAsync<CreateApiTokenRequest>(http.Request);
            var environmentId = body.Value.EnvironmentId ?? http.Caller().EnvironmentId;
            if (await environments.GetAsync(environmentId, ct) is null)
            {
                throw ApiException.NotFound("environment", environmentId);
            }

            var value = ApiTokenRepository.NewTokenValue();
            var created = await tokens.CreateAsync(Require.Name(body.Value.Name, "$.name"), environmentId, value, ct);
            return Results.Json(
                new CreatedApiTokenResponse(created.Id, created.Name, created.EnvironmentId, value, created.CreatedAt, created.UpdatedAt),
                statusCode: StatusCodes.Status201Created);
        }).Accepts<CreateApiTokenRequest>("application/json").Produces<CreatedApiTokenResponse>(StatusCodes.Status201Created);

        group.MapDelete("/{id:guid}", async (HttpContext http, Guid id, ApiTokenRepository tokens, CancellationToken ct) =>
            await tokens.DeleteAsync(http.Caller().EnvironmentId, id, ct)
                ? Results.Ok(new DeletedResponse(id))
                : throw ApiException.NotFound("api token", id))
            .Produces<DeletedResponse>();
    }
}
