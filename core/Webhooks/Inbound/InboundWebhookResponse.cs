using System.Text.Json.Nodes;

namespace Serverless.Core.Webhooks.Inbound;

/// <summary>What to answer the vendor: a JSON body, or <see cref="Text"/> as-is (handshakes such as Microsoft Graph's echo plain text).</summary>
public sealed record InboundWebhookResponse(int StatusCode, JsonNode? Json, string? Text, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>A 200 with <c>{status, events}</c>: the request was taken, with the number of events it produced.</summary>
    public static InboundWebhookResponse Acknowledged(string status, int events = 0) =>
        new(200, new JsonObject { ["status"] = status, ["events"] = events }, null, new Dictionary<string, string>());
}
