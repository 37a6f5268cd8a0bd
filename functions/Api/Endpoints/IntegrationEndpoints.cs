using Serverless.Core.Config;
using Serverless.Core.Errors;
using Serverless.Core.Json;
using Serverless.Core.Platform;
using Serverless.Functions.Api.Bodies;
using Serverless.Functions.Api.Configs;
using Serverless.Functions.Api.Contracts;
using Serverless.Functions.Api.OpenApi;

namespace Serverless.Functions.Api.Endpoints;

/// <summary>
/// <c>/integration</c>: team-level vendor definitions, JSON or YAML bodies, versioned writes. Answers are
/// Truto's integration record: <c>sharing</c>, <c>team_id</c> and <c>installed_environment</c> included.
/// </summary>
internal static class IntegrationEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/integration").WithTags("integration");
        group.MapGet("", async (string? limit, string? next_cursor, IntegrationRepository integrations, TeamRepository team, InstalledEnvironments installed, CancellationToken ct) =>
        {
            var list = ListParameters.Parse(limit, next_cursor);
            var page = await integrations.ListAsync(list.Limit, list.Cursor, ct);
            var teamId = await team.GetIdAsync(ct);
            var installedIn = await installed.AllAsync(ct);
            return list.Answer(page, record => IntegrationResponse.From(record, teamId, installedIn.GetValueOrDefault(record.Id, [])));
        }).Produces<ListResponse<IntegrationResponse>>().Describe("listIntegrations", "List integrations");

        group.MapPost("", async (HttpRequest request, RequestBodyReader reader, IntegrationConfigValidator validator, IntegrationRepository integrations,
            TeamRepository team, CancellationToken ct) =>
        {
            var body = (await reader.ReadAsync<CreateIntegrationRequest>(request, allowYaml: true)).Value;
            var name = Require.Name(body.Name, "$.name");
            var sharing = Sharing(body.Sharing) ?? IntegrationSharing.Allow;
            Require.Valid(ConfigErrors.Under("$.config", validator.Validate(body.Config).Errors));
            var created = await integrations.CreateAsync(name, body.Category?.Trim() ?? "", body.Config, body.IsBeta ?? false, sharing, ct);
            return Results.Json(IntegrationResponse.From(created, await team.GetIdAsync(ct), []), statusCode: StatusCodes.Status201Created);
        }).AcceptsJsonOrYaml<CreateIntegrationRequest>().Produces<IntegrationResponse>(StatusCodes.Status201Created).Describe("createIntegration", "Create an integration from its config (JSON or YAML)");

        group.MapGet("/{id:guid}", async (Guid id, IntegrationRepository integrations, TeamRepository team, InstalledEnvironments installed, CancellationToken ct) =>
            Results.Ok(IntegrationResponse.From(Require.Found(await integrations.GetAsync(id, ct), "integration", id).Value, await team.GetIdAsync(ct), await installed.OfAsync(id, ct))))
            .Produces<IntegrationResponse>().Describe("getIntegration", "Get an integration");

        group.MapPatch("/{id:guid}", async (Guid id, HttpRequest request, RequestBodyReader reader, IntegrationConfigValidator validator, IntegrationRepository integrations,
            TeamRepository team, InstalledEnvironments installed, CancellationToken ct) =>
        {
            var body = (await reader.ReadAsync<UpdateIntegrationRequest>(request, allowYaml: true)).Value;
            var current = Require.Found(await integrations.GetAsync(id, ct), "integration", id);
            if (body.Version is { } version && version != current.Value.Version)
            {
                throw ApiException.Conflict($"$.version: {version} is stale; the integration is at version {current.Value.Version}");
            }

            var config = JsonMergePatch.Apply(current.Value.Config, body.Config);
            IntegrationConfigSecrets.RestoreMasked(config, current.Value.Config);
            Require.Valid(ConfigErrors.Under("$.config", validator.Validate(config).Errors));
            var changed = current.Value with
            {
                Name = body.Name is null ? current.Value.Name : Require.Name(body.Name, "$.name"),
                Category = body.Category?.Trim() ?? current.Value.Category,
                IsBeta = body.IsBeta ?? current.Value.IsBeta,
                Sharing = Sharing(body.Sharing) ?? current.Value.Sharing,
                Config = config,
            };
            var updated = await integrations.UpdateAsync(current, changed, ct);
            return Results.Ok(IntegrationResponse.From(updated, await team.GetIdAsync(ct), await installed.OfAsync(id, ct)));
        }).AcceptsJsonOrYaml<UpdateIntegrationRequest>().Produces<IntegrationResponse>().Describe("updateIntegration", "Change an integration (its config is deep-merged)");

        group.MapDelete("/{id:guid}", async (Guid id, IntegrationRepository integrations, InstalledEnvironments installed, CancellationToken ct) =>
        {
            var current = Require.Found(await integrations.GetAsync(id, ct), "integration", id);
            var installedIn = await installed.OfAsync(id, ct);
            if (installedIn.Count > 0)
            {
                // Its accounts and installations would be left pointing at nothing.
                throw ApiException.Conflict(
                    $"integration '{current.Value.Name}' is installed in environment(s) {string.Join(", ", installedIn)}; delete those environment integrations first");
            }
            return await integrations.DeleteAsync(current, ct) ? Results.Ok(new DeletedResponse(id)) : throw ApiException.NotFound("integration", id);
        }).Produces<DeletedResponse>().Describe("deleteIntegration", "Delete an integration");
    }

    private static string? Sharing(string? value) =>
        value is null || IntegrationSharing.All.Contains(value)
            ? value
            : throw ApiException.Invalid([new ValidationError("$.sharing", $"unknown sharing '{value}' (expected {string.Join(", ", IntegrationSharing.All)})")]);
}
