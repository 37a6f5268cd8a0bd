using System.Text.Json.Nodes;
using Serverless.Core.Errors;
using Serverless.Core.Events;
using Serverless.Core.Platform;

namespace Serverless.Core.Webhooks.Inbound;

/// <summary>
/// Turns a webhook's result into <c>record:created|updated|deleted</c> events (SPEC §5 step 5). The
/// result is one object or an array of <c>{event_type, resource, id, raw}</c>; without one, the
/// whole body becomes a single <c>record:updated</c> event so that nothing a vendor sends is lost.
/// </summary>
internal static class RecordEvents
{
    private static readonly string[] Kinds = ["created", "updated", "deleted"];

    public static IReadOnlyList<PlatformEvent> From(JsonNode? result, JsonNode? body, IntegratedAccountRecord account, DateTimeOffset now)
    {
        var items = result switch
        {
            null => [new JsonObject { ["event_type"] = "updated", ["raw"] = body?.DeepClone() }],
            JsonArray array => array.ToList(),
            _ => [result],
        };

        var events = new List<PlatformEvent>(items.Count);
        for (var index = 0; index < items.Count; index++)
        {
            var path = result is JsonArray ? $"$.payload[{index}]" : "$.payload";
            if (items[index] is not JsonObject item) throw new ApiException(400, $"{path}: each webhook event must be an object");
            var kind = Text(item["event_type"]) ?? "updated";
            if (kind.StartsWith("record:", StringComparison.Ordinal)) kind = kind["record:".Length..];
            if (!Kinds.Contains(kind)) throw new ApiException(400, $"{path}.event_type: must be created, updated or deleted (got '{kind}')");

            var payload = new JsonObject
            {
                ["integrated_account_id"] = account.Id.ToString("D"),
                ["integration_name"] = account.IntegrationName,
                ["event_type"] = kind,
                ["resource"] = Text(item["resource"]),
                ["id"] = Text(item["id"]),
                ["raw"] = (item.ContainsKey("raw") ? item["raw"] : body)?.DeepClone(),
            };
            events.Add(new PlatformEvent(SequentialUuid.Next(now), account.EnvironmentId, "record:" + kind, payload, now));
        }

        return events;
    }

    private static string? Text(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value => value.ToJsonString(),
        _ => null,
    };
}
