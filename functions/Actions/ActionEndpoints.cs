using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Core.Actions;
using Serverless.Core.Config;
using Serverless.Core.Errors;
using Serverless.Core.Integrations;
using Serverless.Core.Platform;
using Serverless.Core.Proxy;
using Serverless.Functions.Api.Auth;
using Serverless.Functions.Api.Bodies;
using Serverless.Functions.Api.Contracts;
using Serverless.Functions.Api.OpenApi;

namespace Serverless.Functions.Actions;

/// <summary>
/// Custom actions (SPEC §9): <c>POST /proxy/_/{action}?integrated_account_id=</c> answers
/// <c>{outputs, status}</c>; <c>POST /proxy/_/{action}/test</c> also returns the raw response and the
/// candidate output keys. <c>POST /integrated-account/{id}/validate</c> re-runs the validation action (SPEC §4).
/// <c>GET|POST /integrated-account/{id}/post-connect-form</c> show the <c>post_connect_user_form</c> action's
/// form and take its answers (<see cref="PostConnectForm"/>).
/// </summary>
internal static class ActionEndpoints
{
    public static IServiceCollection AddActions(this IServiceCollection services)
    {
        services.TryAddSingleton<ActionRunner>();
        services.TryAddSingleton<IRefreshTokenAction, RefreshTokenAction>();
        services.TryAddSingleton<ActionLifecycle>();
        services.TryAddSingleton<IIntegratedAccountLifecycle>(provider => provider.GetRequiredService<ActionLifecycle>());
        services.TryAddSingleton<PostConnectForm>();
        return services;
    }

    /// <param name="proxy">The <c>/proxy</c> group (bearer-token protected).</param>
    public static void Map(RouteGroupBuilder proxy, IEndpointRouteBuilder app)
    {
        proxy.MapPost("/_/{action}", (HttpContext http, string action, IntegrationResolver resolver, ActionRunner runner) => RunAsync(http, action, false, resolver, runner))
            .Produces<JsonObject>().Describe("runAction", "Run a custom action for an integrated account");
        proxy.MapPost("/_/{action}/test", (HttpContext http, string action, IntegrationResolver resolver, ActionRunner runner) => RunAsync(http, action, true, resolver, runner))
            .Produces<JsonObject>().Describe("testAction", "Run a custom action and show the vendor's answer and candidate output keys");

        var account = app.MapGroup("/integrated-account/{id:guid}").RequireApiToken().AllowEnvironmentScope().WithTags("integrated-account")
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        account.MapPost("/validate", ValidateAsync).Produces<JsonObject>()
            .Describe("validateIntegratedAccount", "Run an integrated account's validation action again");
        account.MapGet("/post-connect-form", ReadFormAsync).Produces<JsonObject>()
            .Describe("getPostConnectForm", "Show the form of the post_connect_user_form action");
        account.MapPost("/post-connect-form", SubmitFormAsync)
            .Accepts<PostConnectFormRequest>("application/json").Produces<IntegratedAccountResponse>()
            .ProducesErrors(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType)
            .Describe("submitPostConnectForm", "Submit the answers to the post-connect form");
    }

    private static async Task<IResult> ReadFormAsync(HttpContext http, Guid id, IntegratedAccountRepository accounts, PostConnectForm form, CancellationToken ct)
    {
        var account = (await accounts.GetAsync(http.Caller().EnvironmentId, id, ct))?.Value ?? throw ApiException.NotFound("integrated account", id);
        var fields = await form.ReadAsync(account, ct);
        var answer = new JsonObject { ["fields"] = JsonSerializer.SerializeToNode(fields, IntegrationConfigJson.Options) };
        return Results.Content(answer.ToJsonString(), "application/json");
    }

    private static async Task<IResult> SubmitFormAsync(
        HttpContext http, Guid id, RequestBodyReader reader, IntegratedAccountRepository accounts, PostConnectForm form, CancellationToken ct)
    {
        var body = (await reader.ReadAsync<PostConnectFormRequest>(http.Request)).Value;
        var account = (await accounts.GetAsync(http.Caller().EnvironmentId, id, ct))?.Value ?? throw ApiException.NotFound("integrated account", id);
        var outcome = await form.SubmitAsync(account, body.Values, "$.values", ct);
        return outcome.Errors.Count > 0 ? throw ApiException.Invalid(outcome.Errors) : Results.Ok(IntegratedAccountResponse.From(outcome.Account));
    }

    private static async Task<IResult> RunAsync(HttpContext http, string action, bool test, IntegrationResolver resolver, ActionRunner runner)
    {
        var ct = http.RequestAborted;
        if (!Guid.TryParse(http.Request.Query["integrated_account_id"], out var accountId))
        {
            throw ApiException.BadRequest("$.integrated_account_id: required query parameter, an integrated account id (UUID)");
        }

        var account = await resolver.ResolveActiveAccountAsync(http.Caller().EnvironmentId, accountId, ct);
        var body = await http.RequestServices.GetRequiredService<RequestBodyReader>().ReadPayloadAsync(http.Request);
        var result = await runner.RunAsync(account.Config, action, await resolver.ReadProxyAccountAsync(account, ct), body, ct);
        if (result.ContextUpdate is { } update)
        {
            await http.RequestServices.GetRequiredService<IntegratedAccountRepository>().MergeContextAsync(account.Account, update, null, ct);
        }

        var answer = new JsonObject { ["outputs"] = result.Outputs, ["status"] = result.Status };
        if (test)
        {
            // A test answer shows the vendor's raw answer, which may echo the credentials sent (SPEC §11).
            var scrubbed = result.Secrets.Scrub(result.Result);
            answer["outputs"] = result.Secrets.Scrub(result.Outputs);
            answer["response"] = result.Secrets.Scrub(result.RawResponse);
            answer["result"] = scrubbed;
            answer["candidate_output_keys"] = ActionOutputs.CandidateKeys(scrubbed);
        }
        return Results.Content(answer.ToJsonString(), "application/json");
    }

    private static async Task<IResult> ValidateAsync(HttpContext http, Guid id, IntegrationResolver resolver, ActionLifecycle lifecycle, CancellationToken ct)
    {
        var account = await resolver.ResolveAccountAsync(http.Caller().EnvironmentId, id, ct);
        if (account.Config.FindAction(ReservedActions.Validation) is null) throw ApiException.Conflict($"the integration of account {id} has no validation action");
        var outcome = await lifecycle.ValidateAsync(account.Account, ct);
        var answer = new JsonObject
        {
            ["valid"] = outcome.Valid,
            ["status"] = outcome.VendorStatus,
            ["body"] = outcome.VendorBody,
            ["account_status"] = outcome.Account.Status,
            ["error"] = outcome.Error,
        };
        return Results.Content(answer.ToJsonString(), "application/json");
    }
}
