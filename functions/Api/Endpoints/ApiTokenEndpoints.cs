using Serverless.Core.Errors;
using Serverless.Core.Json;
using Serverless.Core.Platform;
using Serverless.Functions.Api.Auth;
using Serverless.Functions.Api.Bodies;
using Serverless.Functions.Api.Contracts;
using Serverless.Functions.Api.OpenApi;

namespace Serverless.Functions.Api.Endpoints;

/// <summary>
/// <c>/api-token</c>: the caller's environment's tokens; the value is shown only on creation. An
/// <c>admin</c> token also lists (<c>?environment_id=</c>), creates and deletes tokens of any environment
/// and creates <c>admin</c> tokens; an <c>environment</c> token attempting those gets 403, and so does
/// deleting an <c>admin</c> token (a team-level credential) with it.
/// </summary>
internal static class ApiTokenEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/api-token").WithTags("api-token").AllowEnvironmentScope();
        group.MapGet("", async (HttpContext http, string? limit, string? next_cursor, string? environment_id,
            ApiTokenRepository tokens, EnvironmentRepository environments, CancellationToken ct) =>
        {
            var list = ListParameters.Parse(limit, next_cursor);
            var environmentId = environment_id is null ? http.Caller().EnvironmentId : ParseEnvironmentId(environment_id);
            if (environmentId != http.Caller().EnvironmentId)
            {
                http.RequireAdmin("listing the tokens of another environment");
                Require.Found(await environments.GetAsync(environmentId, ct), "environment", environmentId);
            }

            return list.Answer(await tokens.ListAsync(environmentId, list.Limit, list.Cursor, ct), ApiTokenResponse.From);
        }).Produces<ListResponse<ApiTokenResponse>>().Describe("listApiTokens", "List API tokens");

        group.MapPost("", async (HttpContext http, RequestBodyReader reader, ApiTokenRepository tokens, EnvironmentRepository environments, CancellationToken ct) =>
        {
            var body = (await reader.ReadAsync<CreateApiTokenRequest>(http.Request)).Value;
            var name = Require.Name(body.Name, "$.name");
            var scope = body.Scope ?? ApiTokenScope.Environment;
            if (!ApiTokenScope.IsKnown(scope))
            {
                throw ApiException.Invalid([new ValidationError("$.scope", $"expected one of {string.Join(", ", ApiTokenScope.All)}, got '{scope}'")]);
            }

            var environmentId = body.EnvironmentId ?? http.Caller().EnvironmentId;
            if (environmentId != http.Caller().EnvironmentId)
            {
                http.RequireAdmin("creating a token of another environment");
            }

            if (scope == ApiTokenScope.Admin)
            {
                http.RequireAdmin("creating an admin token");
            }

            Require.Found(await environments.GetAsync(environmentId, ct), "environment", environmentId);
            var value = ApiTokenRepository.NewTokenValue();
            var created = await tokens.CreateAsync(name, environmentId, value, scope, ct);
            return Results.Json(
                new CreatedApiTokenResponse(created.Id, created.Name, created.EnvironmentId, created.Scope, value, created.CreatedAt, created.UpdatedAt),
                statusCode: StatusCodes.Status201Created);
        }).Accepts<CreateApiTokenRequest>("application/json").Produces<CreatedApiTokenResponse>(StatusCodes.Status201Created).Describe("createApiToken", "Create an API token (its value is shown once)");

        group.MapDelete("/{id:guid}", async (HttpContext http, Guid id, ApiTokenRepository tokens, EnvironmentRepository environments, CancellationToken ct) =>
        {
            var token = await FindAsync(http.Caller(), id, tokens, environments, ct) ?? throw ApiException.NotFound("api token", id);
            if (token.Value.Scope == ApiTokenScope.Admin)
            {
                http.RequireAdmin("deleting an admin token");
            }

            return await tokens.DeleteAsync(token, ct) ? Results.Ok(new DeletedResponse(id)) : throw ApiException.NotFound("api token", id);
        }).Produces<DeletedResponse>().Describe("deleteApiToken", "Delete an API token");
    }

    /// <summary>A token of the caller's environment; for an admin token, of any environment (another environment's token is 404 otherwise).</summary>
    private static async Task<Stored<ApiTokenRecord>?> FindAsync(ApiCaller caller, Guid id, ApiTokenRepository tokens, EnvironmentRepository environments, CancellationToken ct)
    {
        var own = await tokens.GetAsync(caller.EnvironmentId, id, ct);
        if (own is not null || !caller.IsAdmin)
        {
            return own;
        }

        await foreach (var environment in environments.AllAsync(ct))
        {
            if (environment.Id != caller.EnvironmentId && await tokens.GetAsync(environment.Id, id, ct) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static Guid ParseEnvironmentId(string text) =>
        Guid.TryParse(text, out var id) ? id : throw ApiException.Invalid([new ValidationError("$.environment_id", "expected UUID string")]);
}
