using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Serverless.Functions.Tests.Webhooks.Inbound;

/// <summary>
/// How one vendor signs its webhooks, written from the vendor's documentation independently of the
/// platform's verifier, plus the config-only <c>webhook</c> section that should accept it.
/// </summary>
public sealed record VendorWebhookScheme(
    string Vendor,
    JsonObject Webhook,
    bool LooksUpAccount,
    string SignatureHeader,
    bool HasTimestamp,
    Func<string, string, DateTimeOffset, Dictionary<string, string>> Sign)
{
    public override string ToString() => Vendor;

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static byte[] Hmac256(string secret, string content) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(content));

    private static string Unix(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static readonly VendorWebhookScheme GitHub = new(
        "github",
        Parse("""{ "signature_verification": { "format": "hmac", "config": { "secret": "{{context.webhook_secret}}", "compare_with": "{{headers.x-hub-signature-256}}", "prefix": "sha256=", "parts": ["raw_body"] } } }"""),
        LooksUpAccount: false, "X-Hub-Signature-256", HasTimestamp: false,
        (secret, body, _) => new() { ["X-Hub-Signature-256"] = "sha256=" + Hex(Hmac256(secret, body)), ["X-GitHub-Event"] = "issues" });

    public static readonly VendorWebhookScheme Slack = new(
        "slack",
        Parse("""
            { "signature_verification": { "format": "hmac", "config": {
                "secret": "{{environment_variables.signing_secret}}", "compare_with": "{{headers.x-slack-signature}}", "prefix": "v0=",
                "verification_content": ["v0:{{headers.x-slack-request-timestamp}}:{{raw_body}}"],
                "timestamp": "{{headers.x-slack-request-timestamp}}", "timestamp_tolerance_seconds": 300 } },
              "handle_verification": "body.type = 'url_verification' ? { 'type': 'verify', 'verification_response': { 'status_code': 200, 'body': { 'challenge': body.challenge } } } : { 'type': 'payload', 'payload': { 'event_type': 'created', 'resource': 'messages', 'id': body.event.ts, 'raw': body.event } }",
              "context_lookup_field_name": "team_id" }
            """),
        LooksUpAccount: true, "X-Slack-Signature", HasTimestamp: true,
        (secret, body, at) => new()
        {
            ["X-Slack-Request-Timestamp"] = Unix(at),
            ["X-Slack-Signature"] = "v0=" + Hex(Hmac256(secret, $"v0:{Unix(at)}:{body}")),
        });

    public static readonly VendorWebhookScheme Stripe = new(
        "stripe",
        Parse("""
            { "payload_transform": "$merge([$, { 'stripe_t': $split($split(headers.`stripe-signature`, ',')[0], '=')[1], 'stripe_v1': $split($split(headers.`stripe-signature`, ',')[1], '=')[1] }])",
              "signature_verification": { "format": "hmac", "config": {
                "secret": "{{environment_variables.signing_secret}}", "compare_with": "{{stripe_v1}}", "verification_content": ["{{stripe_t}}.{{raw_body}}"],
                "timestamp": "{{stripe_t}}", "timestamp_tolerance_seconds": 300 } },
              "handle_verification": "{ 'type': 'payload', 'payload': { 'event_type': $substringAfter(body.type, '.'), 'resource': $substringBefore(body.type, '.') & 's', 'id': body.data.object.id } }",
              "context_lookup_field_name": "stripe_account_id", "context_lookup_value": "{{body.account}}" }
            """),
        LooksUpAccount: true, "Stripe-Signature", HasTimestamp: true,
        (secret, body, at) => new() { ["Stripe-Signature"] = $"t={Unix(at)},v1={Hex(Hmac256(secret, $"{Unix(at)}.{body}"))}" });

    public static readonly VendorWebhookScheme Shopify = new(
        "shopify",
        Parse("""{ "signature_verification": { "format": "hmac", "config": { "secret": "{{environment_variables.signing_secret}}", "string_type": "base64", "compare_with": "{{headers.x-shopify-hmac-sha256}}", "parts": ["raw_body"] } } }"""),
        LooksUpAccount: false, "X-Shopify-Hmac-Sha256", HasTimestamp: false,
        (secret, body, _) => new() { ["X-Shopify-Hmac-Sha256"] = Convert.ToBase64String(Hmac256(secret, body)), ["X-Shopify-Topic"] = "orders/create" });

    public static readonly VendorWebhookScheme Zendesk = new(
        "zendesk",
        Parse("""
            { "signature_verification": { "format": "hmac", "config": {
                "secret": "{{environment_variables.signing_secret}}", "string_type": "base64", "compare_with": "{{headers.x-zendesk-webhook-signature}}",
                "verification_content": ["{{headers.x-zendesk-webhook-signature-timestamp}}{{raw_body}}"],
                "timestamp": "{{headers.x-zendesk-webhook-signature-timestamp}}", "timestamp_tolerance_seconds": 300 } } }
            """),
        LooksUpAccount: false, "X-Zendesk-Webhook-Signature", HasTimestamp: true,
        (secret, body, at) =>
        {
            var timestamp = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            return new()
            {
                ["X-Zendesk-Webhook-Signature-Timestamp"] = timestamp,
                ["X-Zendesk-Webhook-Signature"] = Convert.ToBase64String(Hmac256(secret, timestamp + body)),
            };
        });

    public static IEnumerable<object[]> All => new[] { GitHub, Slack, Stripe, Shopify, Zendesk }.Select(scheme => new object[] { scheme });

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
