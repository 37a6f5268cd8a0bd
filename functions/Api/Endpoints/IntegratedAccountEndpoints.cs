using System.Text.Json.Nodes;
using Serverless.Core.Errors;
using Serverless.Core.Events;
using Serverless.Core.Integrations;
using Serverless.Core.Json;
using Serverless.Core.Platform;
using Serverless.Functions.Api.Auth;
using Serverless.Functions.Api.Bodies;
using Serverless.Functions.Api.Configs;
using Serverless.Functions.Api.Contracts;
using Serverless.Functions.Api.OpenApi;

namespace Serverless.Functions.Api.Endpoints;

/// <summary>
/// <c>/integrated-account</c>: accounts of the caller's environment. The context is checked against
/// the credential fields of the merged config; password fields go to the secret store and read back masked.
/// </summary>
internal static class IntegratedAccountEndpoints
{
    private const string What = "integrated account";

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/integrated-account").WithTags("integrated-account").AllowEnvironmentScope();
        group.MapGet("", async (HttpContext http, string? limit, string? next_cursor, string? integration_name, string? tenant_id,
            IntegratedAccountRepository accounts, CancellationToken ct) =>
        {
            var list = ListParameters.Parse(limit, next_cursor);
            Func<IntegratedAccountRecord, bool>? filter = integration_name is null && tenant_id is null
                ? null
                : account => (integration_name is null || account.IntegrationName == integration_name) && (tenant_id is null || account.TenantId == tenant_id);
            return list.Answer(await accounts.ListAsync(http.Caller().EnvironmentId, list.Limit, list.Cursor, filter, ct), IntegratedAccountResponse.From);
        }).Produces<ListResponse<IntegratedAccountResponse>>().Describe("listIntegratedAccounts", "List integrated accounts");

        group.MapPost("", CreateAsync)
            .Accepts<CreateIntegratedAccountRequest>("application/json").Produces<IntegratedAccountResponse>(StatusCodes.Status201Created).Describe("createIntegratedAccount", "Import a customer's credentials as an integrated account");

        group.MapGet("/{id:guid}", async (HttpContext http, Guid id, IntegratedAccountRepository accounts, CancellationToken ct) =>
            Results.Ok(IntegratedAccountResponse.From(Require.Found(await accounts.GetAsync(http.Caller().EnvironmentId, id, ct), What, id).Value)))
            .Produces<IntegratedAccountResponse>().Describe("getIntegratedAccount", "Get an integrated account (secrets masked)");

        group.MapPatch("/{id:guid}", UpdateAsync)
            .Accepts<UpdateIntegratedAccountRequest>("application/json").Produces<IntegratedAccountResponse>().Describe("updateIntegratedAccount", "Change an integrated account's tenant or context");

        group.MapDelete("/{id:guid}", async (HttpContext http, Guid id, IntegratedAccountRepository accounts, IEventPublisher events, CancellationToken ct) =>
        {
            var current = Require.Found(await accounts.GetAsync(http.Caller().EnvironmentId, id, ct), What, id);
            if (!await accounts.DeleteAsync(current, ct))
            {
                throw ApiException.NotFound(What, id);
            }

            await events.PublishAccountEventAsync(EventTypes.IntegratedAccountDeleted, current.Value, accounts.Time, ct);
            return Results.Ok(new DeletedResponse(id));
        }).Produces<DeletedResponse>().Describe("deleteIntegratedAccount", "Delete an integrated account");
    }

    private static async Task<IResult> CreateAsync(
        HttpContext http, RequestBodyReader reader, IntegrationResolver resolver,
        IntegratedAccountRepository accounts, IIntegratedAccountLifecycle lifecycle, IEventPublisher events, CancellationToken ct)
    {
        var body = (await reader.ReadAsync<CreateIntegratedAccountRequest>(http.Request)).Value;
        var environmentId = http.Caller().EnvironmentId;
        var (install, integration, config) = await ResolveInstallationAsync(body, environmentId, resolver, ct);
        var check = CredentialContextCheck.Check(config.Model, body.AuthenticationMethod, body.Context ?? []);
        Require.Valid(check.Errors);

        var now = accounts.Time.GetUtcNow();
        var account = new IntegratedAccountRecord(
            SequentialUuid.Next(now), environmentId, install.Id, integration.Id, integration.Name, body.TenantId,
            check.AuthenticationMethod ?? "", "connecting", check.Context, check.SecretValues.Keys.Order(StringComparer.Ordinal).ToList(), now, now);
        account = account with { Status = await lifecycle.InitialStatusAsync(account, ct) };
        await accounts.CreateAsync(account, check.SecretValues, ct);
        await events.PublishAccountEventAsync(EventTypes.IntegratedAccountCreated, account, accounts.Time, ct);
        account = await lifecycle.ActivateAsync(account, ct);
        return Results.Json(IntegratedAccountResponse.From(account), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> UpdateAsync(
        HttpContext http, Guid id, RequestBodyReader reader, IntegrationResolver resolver,
        IntegratedAccountRepository accounts, IEventPublisher events, CancellationToken ct)
    {
        var body = (await reader.ReadAsync<UpdateIntegratedAccountRequest>(http.Request)).Value;
        var environmentId = http.Caller().EnvironmentId;
        var current = Require.Found(await accounts.GetAsync(environmentId, id, ct), What, id);
        var account = current.Value;
        var changed = account with { TenantId = body.TenantId ?? account.TenantId };
        var secretValues = (IReadOnlyDictionary<string, string>)new Dictionary<string, string>();
        if (body.Context is not null)
        {
            var config = (await resolver.ResolveAccountAsync(account, ct)).Config.Model;
            var patch = WithoutMaskedSecrets(body.Context, account.SecretFields);
            var context = JsonMergePatch.Apply(await accounts.ReadContextWithSecretsAsync(account, ct), patch);
            var check = CredentialContextCheck.Check(config, account.AuthenticationMethod.Length == 0 ? null : account.AuthenticationMethod, context);
            Require.Valid(check.Errors);
            secretValues = check.SecretValues;
            changed = changed with { Context = check.Context, SecretFields = check.SecretValues.Keys.Order(StringComparer.Ordinal).ToList() };
        }

        var updated = await accounts.UpdateAsync(current, changed, secretValues, ct);
        await events.PublishAccountEventAsync(EventTypes.IntegratedAccountUpdated, updated, accounts.Time, ct);
        return Results.Ok(IntegratedAccountResponse.From(updated));
    }

    private static async Task<ResolvedInstallation> ResolveInstallationAsync(
        CreateIntegratedAccountRequest body, Guid environmentId, IntegrationResolver resolver, CancellationToken ct)
    {
        ResolvedInstallation resolved;
        if (body.EnvironmentIntegrationId is { } installId)
        {
            // Another environment's installation is as invisible as a missing one.
            resolved = await resolver.ResolveInstallationAsync(environmentId, installId, ct);
            if (body.IntegrationName is not null && body.IntegrationName != resolved.Integration.Name)
            {
                throw ApiException.Invalid([new ValidationError("$.integration_name", $"'{body.IntegrationName}' does not match the environment integration's integration '{resolved.Integration.Name}'")]);
            }
        }
        else if (body.IntegrationName is { } name)
        {
            resolved = await resolver.ResolveInstallationAsync(environmentId, name, ct);
        }
        else
        {
            throw ApiException.Invalid([new ValidationError("$.integration_name", "required (or give environment_integration_id)")]);
        }

        if (!resolved.Installation.IsEnabled)
        {
            throw ApiException.Conflict($"environment integration {resolved.Installation.Id} is disabled");
        }

        return resolved;
    }

    /// <summary>A secret sent back as the mask means "unchanged".</summary>
    private static JsonObject WithoutMaskedSecrets(JsonObject patch, IReadOnlyList<string> secretFields)
    {
        var result = (JsonObject)patch.DeepClone();
        foreach (var field in secretFields)
        {
            if (result[field] is JsonValue value && value.TryGetValue(out string? text) && text == IntegratedAccountResponse.Mask)
            {
                result.Remove(field);
            }
        }

        return result;
    }
}
