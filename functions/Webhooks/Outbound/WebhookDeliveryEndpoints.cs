using Serverless.Core.Errors;
using Serverless.Core.Platform;
using Serverless.Core.Webhooks.Outbound;
using Serverless.Functions.Api.Auth;
using Serverless.Functions.Api.Bodies;
using Serverless.Functions.Api.Contracts;
using Serverless.Functions.Api.Endpoints;
using Serverless.Functions.Api.OpenApi;

namespace Serverless.Functions.Webhooks.Outbound;

/// <summary>
/// <c>GET /webhook/{id}/deliveries</c>, <c>GET /webhook/{id}/deliveries/{delivery_id}</c>,
/// <c>POST /webhook/{id}/deliveries/{delivery_id}/redeliver</c> and <c>POST /webhook/test</c>.
/// </summary>
internal static class WebhookDeliveryEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/{id:guid}/deliveries", async (HttpContext http, Guid id, string? limit, string? next_cursor, WebhookRepository webhooks, WebhookDeliveryStore deliveries, CancellationToken ct) =>
        {
            var list = ListParameters.Parse(limit, next_cursor);
            var webhook = (await webhooks.GetRequiredAsync(http.Caller().EnvironmentId, id, ct)).Value;
            return list.Answer(await deliveries.ListAsync(webhook.Id, list.Limit, list.Cursor, ct), WebhookDeliveryResponse.From);
        }).Produces<ListResponse<WebhookDeliveryResponse>>().Describe("listWebhookDeliveries", "List a webhook's deliveries");

        group.MapGet("/{id:guid}/deliveries/{delivery_id:guid}", async (HttpContext http, Guid id, Guid delivery_id, WebhookRepository webhooks, WebhookDeliveryStore deliveries, CancellationToken ct) =>
        {
            var webhook = (await webhooks.GetRequiredAsync(http.Caller().EnvironmentId, id, ct)).Value;
            var delivery = Require.Found(await deliveries.GetAsync(webhook.Id, delivery_id, ct), "delivery", delivery_id).Value;
            return Results.Ok(WebhookDeliveryResponse.From(delivery));
        }).Produces<WebhookDeliveryResponse>().Describe("getWebhookDelivery", "Get a delivery with its attempts");

        group.MapPost("/{id:guid}/deliveries/{delivery_id:guid}/redeliver", async (HttpContext http, Guid id, Guid delivery_id, WebhookRepository webhooks, WebhookDeliveryStore deliveries, WebhookDispatcher dispatcher, CancellationToken ct) =>
        {
            var webhook = (await webhooks.GetRequiredAsync(http.Caller().EnvironmentId, id, ct)).Value;
            var original = Require.Found(await deliveries.GetAsync(webhook.Id, delivery_id, ct), "delivery", delivery_id).Value;
            if (!webhook.IsActive)
            {
                throw ApiException.BadRequest($"webhook {id} is inactive; set is_active to true (PATCH /webhook/{id}) before redelivering.");
            }
            if (original.Status == WebhookDelivery.Pending)
            {
                throw new ApiException(StatusCodes.Status409Conflict, $"delivery {delivery_id} is still pending; only finished deliveries can be redelivered.");
            }
            var redelivery = await dispatcher.RedeliverAsync(webhook, original, ct);
            return Results.Json(WebhookDeliveryResponse.From(redelivery), statusCode: StatusCodes.Status202Accepted);
        }).Produces<WebhookDeliveryResponse>(StatusCodes.Status202Accepted).Describe("redeliverWebhookDelivery", "Deliver an event to a webhook again");

        group.MapPost("/test", async (HttpContext http, RequestBodyReader reader, WebhookRepository webhooks, WebhookDispatcher dispatcher, CancellationToken ct) =>
        {
            var id = (await reader.ReadAsync<TestWebhookRequest>(http.Request)).Value.Id
                ?? throw ApiException.BadRequest("$.id: required (the id of the webhook to send event 'test' to).");
            var webhook = (await webhooks.GetRequiredAsync(http.Caller().EnvironmentId, id, ct)).Value;
            if (!webhook.IsActive)
            {
                throw ApiException.BadRequest($"webhook {id} is inactive; set is_active to true before sending a test event.");
            }
            var delivery = await dispatcher.SendTestAsync(webhook, ct);
            return Results.Json(WebhookDeliveryResponse.From(delivery), statusCode: StatusCodes.Status202Accepted);
        }).Accepts<TestWebhookRequest>("application/json").Produces<WebhookDeliveryResponse>(StatusCodes.Status202Accepted).Describe("testWebhook", "Send a test event to a webhook");
    }
}
