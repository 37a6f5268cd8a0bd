using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Errors;
using Serverless.Core.Platform;
using Serverless.Functions.Api.Auth;
using Serverless.Functions.Api.Bodies;
using Serverless.Functions.Api.Configs;
using Serverless.Functions.Api.Contracts;
using Serverless.Functions.Api.OpenApi;

namespace Serverless.Functions.Api.Endpoints;

/// <summary><c>/environment-integration</c>: installations in the caller's environment; the override merged over the integration's config must validate.</summary>
internal static class EnvironmentIntegrationEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/environment-integration").WithTags("environment-integration").AllowEnvironmentScope();
        group.MapGet("", async (HttpContext http, string? limit, string? next_cursor, IntegrationRepository integrations,
            EnvironmentIntegrationRepository installs, CancellationToken ct) =>
        {
            var list = ListParameters.Parse(limit, next_cursor);
            var page = await installs.ListAsync(http.Caller().EnvironmentId, list.Limit, list.Cursor, ct);
            // One installation per integration in an environment: each item has its own integration to read.
            var secretVariables = new Dictionary<Guid, IReadOnlySet<string>>();
            foreach (var install in page.Items)
            {
                secretVariables[install.Id] = await SecretVariablesAsync(install, integrations, ct);
            }
            return list.Answer(page, install => EnvironmentIntegrationResponse.From(install, secretVariables[install.Id]));
        }).Produces<ListResponse<EnvironmentIntegrationResponse>>().Describe("listEnvironmentIntegrations", "List the integrations installed in the environment");

        group.MapPost("", async (HttpContext http, RequestBodyReader reader, IntegrationConfigValidator validator,
            IntegrationRepository integrations, EnvironmentIntegrationRepository installs, CancellationToken ct) =>
        {
            var body = (await reader.ReadAsync<CreateEnvironmentIntegrationRequest>(http.Request)).Value;
            var integration = Require.Found(await integrations.GetAsync(body.IntegrationId, ct), "integration", body.IntegrationId).Value;
            var overrides = body.Override ?? [];
            var effective = JsonMergePatch.Apply(integration.Config, overrides);
            Require.Valid(ConfigErrors.Under("$.override", validator.Validate(effective).Errors));
            RequireAdminToRetarget(http, integration.Config, effective);
            var secretVariables = IntegrationConfigSecrets.SecretVariables(effective);
            var now = installs.Time.GetUtcNow();
            var record = new EnvironmentIntegrationRecord(
                SequentialUuid.Next(now), http.Caller().EnvironmentId, integration.Id, overrides, body.EnvironmentVariables ?? [], body.IsEnabled ?? true, now, now);
            var created = await installs.CreateAsync(record, secretVariables, ct);
            return Results.Json(EnvironmentIntegrationResponse.From(created, secretVariables), statusCode: StatusCodes.Status201Created);
        }).Accepts<CreateEnvironmentIntegrationRequest>("application/json").Produces<EnvironmentIntegrationResponse>(StatusCodes.Status201Created).Describe("createEnvironmentIntegration", "Install an integration in the environment");

        group.MapGet("/{id:guid}", async (HttpContext http, Guid id, IntegrationRepository integrations, EnvironmentIntegrationRepository installs, CancellationToken ct) =>
        {
            var install = Require.Found(await installs.GetAsync(http.Caller().EnvironmentId, id, ct), "environment integration", id).Value;
            return Results.Ok(EnvironmentIntegrationResponse.From(install, await SecretVariablesAsync(install, integrations, ct)));
        }).Produces<EnvironmentIntegrationResponse>().Describe("getEnvironmentIntegration", "Get an installed integration");

        group.MapPatch("/{id:guid}", async (HttpContext http, Guid id, RequestBodyReader reader, IntegrationConfigValidator validator,
            IntegrationRepository integrations, EnvironmentIntegrationRepository installs, CancellationToken ct) =>
        {
            var body = (await reader.ReadAsync<UpdateEnvironmentIntegrationRequest>(http.Request)).Value;
            var current = Require.Found(await installs.GetAsync(http.Caller().EnvironmentId, id, ct), "environment integration", id);
            var overrides = JsonMergePatch.Apply(current.Value.Override, body.Override);
            IntegrationConfigSecrets.RestoreMasked(overrides, current.Value.Override);
            var integration = (await integrations.GetAsync(current.Value.IntegrationId, ct))?.Value;
            var effective = JsonMergePatch.Apply(integration?.Config ?? [], overrides);
            Require.Valid(ConfigErrors.Under("$.override", validator.Validate(effective).Errors));
            RequireAdminToRetarget(http, JsonMergePatch.Apply(integration?.Config ?? [], current.Value.Override), effective);
            var secretVariables = IntegrationConfigSecrets.SecretVariables(effective);
            var variables = JsonMergePatch.Apply(current.Value.EnvironmentVariables, body.EnvironmentVariables);
            IntegrationConfigSecrets.RestoreMaskedVariables(variables, current.Value.EnvironmentVariables, secretVariables);
            var changed = current.Value with
            {
                Override = overrides,
                EnvironmentVariables = variables,
                IsEnabled = body.IsEnabled ?? current.Value.IsEnabled,
            };
            return Results.Ok(EnvironmentIntegrationResponse.From(await installs.UpdateAsync(current, changed, secretVariables, ct), secretVariables));
        }).Accepts<UpdateEnvironmentIntegrationRequest>("application/json").Produces<EnvironmentIntegrationResponse>().Describe("updateEnvironmentIntegration", "Change an installation (override, environment variables, enabled)");

        group.MapDelete("/{id:guid}", async (HttpContext http, Guid id, EnvironmentIntegrationRepository installs, CancellationToken ct) =>
        {
            var current = Require.Found(await installs.GetAsync(http.Caller().EnvironmentId, id, ct), "environment integration", id);
            return await installs.DeleteAsync(current, ct) ? Results.Ok(new DeletedResponse(id)) : throw ApiException.NotFound("environment integration", id);
        }).Produces<DeletedResponse>().Describe("deleteEnvironmentIntegration", "Uninstall an integration");
    }

    /// <summary>
    /// Where an installation's requests go, and so where its accounts' and the integration's credentials go, is the
    /// team's to decide (SPEC §1: an integration's <c>base_url</c>, auth and token URLs are team-level and admin-only): an
    /// environment token's override may change anything else, but changing a request target (<see cref="RequestTargets"/>)
    /// answers 403 naming each path.
    /// </summary>
    private static void RequireAdminToRetarget(HttpContext http, JsonNode before, JsonNode after)
    {
        if (http.Caller().IsAdmin)
        {
            return;
        }

        var changed = RequestTargets.Changed(before, after);
        if (changed.Count > 0)
        {
            http.RequireAdmin($"{string.Join(", ", changed.Select(path => "$.override" + path[1..]))}: changing where the installation's requests are sent");
        }
    }

    /// <summary>The installation's environment variables that hold secrets, given its integration's current config.</summary>
    private static async Task<IReadOnlySet<string>> SecretVariablesAsync(EnvironmentIntegrationRecord install, IntegrationRepository integrations, CancellationToken ct)
    {
        var config = (await integrations.GetAsync(install.IntegrationId, ct))?.Value.Config ?? [];
        return IntegrationConfigSecrets.SecretVariables(JsonMergePatch.Apply(config, install.Override));
    }
}
