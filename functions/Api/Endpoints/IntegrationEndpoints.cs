using Serverless.Core.Config;
using Serverless.Core.Platform;
using Serverless.Functions.Api.Bodies;
using Serverless.Functions.Api.Configs;
using Serverless.Functions.Api.Contracts;
using Serverless.Functions.Api.Errors;

namespace Serverless.Functions.Api.Endpoints;

/// <summary><c>/integration</c>: team-level vendor definitions, JSON or YAML bodies, versioned writes.</summary>
internal static class IntegrationEndpoints
{
    private static readonly string[] BodyTypes = ["application/json", "application/yaml", "text/yaml"];

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/integration").WithTags("integration");
        group.MapGet("", async (string? limit, string? next_cursor, IntegrationRepository integrations, CancellationToken ct) =>
        {
            var list = ListParameters.Parse(limit, next_cursor);
            return list.Answer(await integrations.ListAsync(list.Limit, list.Cursor, ct), IntegrationResponse.From);
        }).Produces<ListResponse<IntegrationResponse>>();

        group.MapPost("", async (HttpRequest request, RequestBodyReader reader, IntegrationConfigValidator validator, IntegrationRepository integrations, CancellationToken ct) =>
        {
            var body = (await reader.ReadAsync<CreateIntegrationRequest>(request, allowYaml: true)).Value;
            var name = Require.Name(body.Name, "$.name");
            Require.Valid(ConfigErrors.Under("$.config", validator.Validate(body.Config).Errors));
            var created = await integrations.CreateAsync(name, body.Category?.Trim() ?? "", body.Config, body.IsBeta ?? false, ct);
            return Results.Json(IntegrationResponse.From(created), statusCode: StatusCodes.Status201Created);
        }).Accepts<CreateIntegrationRequest>(BodyTypes[0], BodyTypes[1..]).Produces<IntegrationResponse>(StatusCodes.Status201Created);

        group.MapGet("/{id:guid}", async (Guid id, IntegrationRepository integrations, CancellationToken ct) =>
            Results.Ok(IntegrationResponse.From(Require.Found(await integrations.GetAsync(id, ct), "integration", id).Value)))
            .Produces<IntegrationResponse>();

        group.MapPatch("/{id:guid}", async (Guid id, HttpRequest request, RequestBodyReader reader, IntegrationConfigValidator validator, IntegrationRepository integrations, CancellationToken ct) =>
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
                Config = config,
            };
            return Results.Ok(IntegrationResponse.From(await integrations.UpdateAsync(current, changed, ct)));
        }).Accepts<UpdateIntegrationRequest>(BodyTypes[0], BodyTypes[1..]).Produces<IntegrationResponse>();

        group.MapDelete("/{id:guid}", async (Guid id, IntegrationRepository integrations, EnvironmentRepository environments,
            EnvironmentIntegrationRepository installs, CancellationToken ct) =>
        {
            var current = Require.Found(await integrations.GetAsync(id, ct), "integration", id);
            var installedIn = await InstalledInAsync(id, environments, installs, ct);
            if (installedIn.Count > 0)
            {
                // Its accounts and installations would be left pointing at nothing.
                throw ApiException.Conflict(
                    $"integration '{current.Value.Name}' is installed in environment(s) {string.Join(", ", installedIn)}; delete those environment integrations first");
            }
            return await integrations.DeleteAsync(current, ct) ? Results.Ok(new DeletedResponse(id)) : throw ApiException.NotFound("integration", id);
        }).Produces<DeletedResponse>();
    }

    private static async Task<List<Guid>> InstalledInAsync(Guid integrationId, EnvironmentRepository environments, EnvironmentIntegrationRepository installs, CancellationToken ct)
    {
        var installedIn = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await environments.ListAsync(1000, cursor, ct);
            foreach (var environment in page.Items)
            {
                if (await installs.FindByIntegrationAsync(environment.Id, integrationId, ct) is not null)
                {
                    installedIn.Add(environment.Id);
                }
            }
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return installedIn;
    }
}
