using Serverless.Core.Errors;
using Serverless.Core.Http;
using Serverless.Core.Platform;
using Serverless.Functions.Api.Auth;
using Serverless.Functions.Api.Bodies;
using Serverless.Functions.Api.Contracts;
using Serverless.Functions.Api.OpenApi;

namespace Serverless.Functions.Api.Endpoints;

/// <summary><c>/webhook</c>: outbound subscriptions of the caller's environment; the secret is shown only on creation.</summary>
internal static class WebhookEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/webhook").WithTags("webhook").AllowEnvironmentScope();
        group.MapGet("", async (HttpContext http, string? limit, string? next_cursor, WebhookRepository webhooks, CancellationToken ct) =>
        {
            var list = ListParameters.Parse(limit, next_cursor);
            return list.Answer(await webhooks.ListAsync(http.Caller().EnvironmentId, list.Limit, list.Cursor, ct), WebhookResponse.From);
        }).Produces<ListResponse<WebhookResponse>>().Describe("listWebhooks", "List outbound webhook subscriptions");

        group.MapPost("", async (HttpContext http, RequestBodyReader reader, WebhookRepository webhooks, OutboundTargetGuard guard, CancellationToken ct) =>
        {
            var body = (await reader.ReadAsync<CreateWebhookRequest>(http.Request)).Value;
            Require.Valid(await WebhookTargets.CheckAsync(body.TargetUrl, body.EventTypes, guard, ct));
            var now = webhooks.Time.GetUtcNow();
            var record = new WebhookRecord(SequentialUuid.Next(now), http.Caller().EnvironmentId, body.TargetUrl, Distinct(body.EventTypes), body.IsActive ?? true, now, now);
            var (created, secret) = await webhooks.CreateAsync(record, ct);
            return Results.Json(
                new CreatedWebhookResponse(created.Id, created.EnvironmentId, created.TargetUrl, created.EventTypes, created.IsActive, secret, created.CreatedAt, created.UpdatedAt),
                statusCode: StatusCodes.Status201Created);
        }).Accepts<CreateWebhookRequest>("application/json").Produces<CreatedWebhookResponse>(StatusCodes.Status201Created).Describe("createWebhook", "Subscribe a URL to events (the signing secret is shown once)");

        group.MapGet("/{id:guid}", async (HttpContext http, Guid id, WebhookRepository webhooks, CancellationToken ct) =>
            Results.Ok(WebhookResponse.From((await webhooks.GetRequiredAsync(http.Caller().EnvironmentId, id, ct)).Value)))
            .Produces<WebhookResponse>().Describe("getWebhook", "Get a webhook subscription");

        group.MapPatch("/{id:guid}", async (HttpContext http, Guid id, RequestBodyReader reader, WebhookRepository webhooks, OutboundTargetGuard guard, CancellationToken ct) =>
        {
            var body = (await reader.ReadAsync<UpdateWebhookRequest>(http.Request)).Value;
            var current = await webhooks.GetRequiredAsync(http.Caller().EnvironmentId, id, ct);
            Require.Valid(await WebhookTargets.CheckAsync(body.TargetUrl, body.EventTypes, guard, ct));
            var changed = current.Value with
            {
                TargetUrl = body.TargetUrl ?? current.Value.TargetUrl,
                EventTypes = body.EventTypes is null ? current.Value.EventTypes : Distinct(body.EventTypes),
                IsActive = body.IsActive ?? current.Value.IsActive,
            };
            return Results.Ok(WebhookResponse.From((await webhooks.ReplaceAsync(current, changed, ct)).Value));
        }).Accepts<UpdateWebhookRequest>("application/json").Produces<WebhookResponse>().Describe("updateWebhook", "Change a webhook subscription");

        group.MapDelete("/{id:guid}", async (HttpContext http, Guid id, WebhookRepository webhooks, CancellationToken ct) =>
        {
            var current = await webhooks.GetRequiredAsync(http.Caller().EnvironmentId, id, ct);
            return await webhooks.DeleteAsync(current, ct) ? Results.Ok(new DeletedResponse(id)) : throw ApiException.NotFound(webhooks.Name, id);
        }).Produces<DeletedResponse>().Describe("deleteWebhook", "Delete a webhook subscription");
    }

    private static IReadOnlyList<string> Distinct(IReadOnlyList<string>? eventTypes) => eventTypes?.Distinct(StringComparer.Ordinal).ToList() ?? [];
}
