using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.Webhooks.Inbound;

/// <summary>
/// Vendor webhook signatures verified by config alone, end to end through the server: each scheme
/// accepts the vendor's request and refuses a tampered body, a wrong secret, a missing signature header
/// and (where the scheme signs one) a stale timestamp with 401 and no event.
/// </summary>
public sealed class InboundWebhookSignatureTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    private const string Secret = "whsec_correct-horse-battery";
    private const string Body = """{"id":"evt_1","type":"customer.created","account":"acct_1","team_id":"T1","data":{"object":{"id":"cus_1"}},"event":{"ts":"1700000000.0001","text":"hi"}}""";

    private PlatformServer Server => fixture.Server;

    [Theory]
    [MemberData(nameof(VendorWebhookScheme.All), MemberType = typeof(VendorWebhookScheme))]
    public async Task Vendor_signature_accepts_the_signed_request_and_refuses_every_forgery(VendorWebhookScheme scheme)
    {
        var setup = await InboundWebhookSetup.CreateAsync(Server, scheme.Webhook, Secret);
        var url = scheme.LooksUpAccount ? setup.InstallUrl : setup.AccountUrl;
        var now = DateTimeOffset.UtcNow;

        var accepted = await PostAsync(url, Body, scheme.Sign(Secret, Body, now));
        Assert.Equal(1, accepted.Expect(HttpStatusCode.OK)["events"]!.GetValue<int>());

        var forgeries = new List<(string Case, string Body, Dictionary<string, string> Headers, string Reason)>
        {
            ("tampered body", Body.Replace("cus_1", "cus_2"), scheme.Sign(Secret, Body, now), "does not match"),
            ("wrong secret", Body, scheme.Sign("whsec_wrong", Body, now), "does not match"),
            ("missing header", Body, Without(scheme.Sign(Secret, Body, now), scheme.SignatureHeader), "carries no signature"),
        };
        if (scheme.HasTimestamp)
        {
            // Correctly signed, so only the timestamp window can refuse these.
            forgeries.Add(("stale timestamp", Body, scheme.Sign(Secret, Body, now.AddMinutes(-10)), "timestamp"));
            forgeries.Add(("future timestamp", Body, scheme.Sign(Secret, Body, now.AddMinutes(10)), "timestamp"));
        }

        foreach (var (name, body, headers, reason) in forgeries)
        {
            var refused = await PostAsync(url, body, headers);
            Assert.True(refused.Status == HttpStatusCode.Unauthorized, $"{scheme}: {name} answered {(int)refused.Status}: {refused.Text}");
            var message = refused.ExpectError(HttpStatusCode.Unauthorized);
            Assert.True(message.Contains("webhook signature rejected", StringComparison.Ordinal) && message.Contains(reason, StringComparison.Ordinal), $"{scheme}: {name}: {message}");
            Assert.DoesNotContain(Secret, refused.Text);
        }

        var events = await setup.EventsAsync(Server);
        var only = Assert.Single(events);
        Assert.StartsWith("record:", only.EventType);
        Assert.Equal(setup.AccountId, only.Payload["integrated_account_id"]!.GetValue<string>());
        Assert.Equal(setup.IntegrationName, only.Payload["integration_name"]!.GetValue<string>());
        Assert.DoesNotContain(Secret, only.Payload.ToJsonString());
        Assert.DoesNotContain(Secret, Server.Logs.AllText);
    }

    [Fact]
    public async Task GitHub_published_test_vector_is_accepted()
    {
        const string secret = "It's a Secret to Everybody";
        var setup = await InboundWebhookSetup.CreateAsync(Server, VendorWebhookScheme.GitHub.Webhook, secret);
        var headers = new Dictionary<string, string> { ["X-Hub-Signature-256"] = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17" };

        var accepted = await PostAsync(setup.AccountUrl, "Hello, World!", headers, "text/plain");

        accepted.Expect(HttpStatusCode.OK);
        var only = Assert.Single(await setup.EventsAsync(Server));
        Assert.Equal("record:updated", only.EventType);
        Assert.Equal("Hello, World!", only.Payload["raw"]!.GetValue<string>());
        var tampered = await PostAsync(setup.AccountUrl, "Hello, World?", headers, "text/plain");
        tampered.ExpectError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Stripe_event_becomes_a_record_event_named_by_the_config()
    {
        var setup = await InboundWebhookSetup.CreateAsync(Server, VendorWebhookScheme.Stripe.Webhook, Secret);
        (await PostAsync(setup.InstallUrl, Body, VendorWebhookScheme.Stripe.Sign(Secret, Body, DateTimeOffset.UtcNow))).Expect(HttpStatusCode.OK);

        var only = Assert.Single(await setup.EventsAsync(Server));
        Assert.Equal("record:created", only.EventType);
        Assert.Equal("customers", only.Payload["resource"]!.GetValue<string>());
        Assert.Equal("cus_1", only.Payload["id"]!.GetValue<string>());
        Assert.Equal("created", only.Payload["event_type"]!.GetValue<string>());
        Assert.Equal("acct_1", only.Payload["raw"]!["account"]!.GetValue<string>());
    }

    [Fact]
    public async Task Slack_url_verification_answers_the_challenge_without_an_event()
    {
        var setup = await InboundWebhookSetup.CreateAsync(Server, VendorWebhookScheme.Slack.Webhook, Secret);
        const string challenge = """{"type":"url_verification","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}""";

        var answer = await PostAsync(setup.InstallUrl, challenge, VendorWebhookScheme.Slack.Sign(Secret, challenge, DateTimeOffset.UtcNow));

        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", answer.Expect(HttpStatusCode.OK)["challenge"]!.GetValue<string>());
        Assert.Empty(await setup.EventsAsync(Server));
    }

    [Fact]
    public async Task Environment_integration_webhook_for_an_unknown_lookup_value_is_404_with_no_event()
    {
        var setup = await InboundWebhookSetup.CreateAsync(Server, VendorWebhookScheme.Slack.Webhook, Secret);
        var body = Body.Replace("\"T1\"", "\"T-unknown\"");

        var answer = await PostAsync(setup.InstallUrl, body, VendorWebhookScheme.Slack.Sign(Secret, body, DateTimeOffset.UtcNow));

        Assert.Contains("team_id", answer.ExpectError(HttpStatusCode.NotFound));
        Assert.Empty(await setup.EventsAsync(Server));
    }

    [Fact]
    public async Task Unknown_ids_bodies_over_the_limit_and_malformed_json_get_the_error_envelope()
    {
        var setup = await InboundWebhookSetup.CreateAsync(Server, VendorWebhookScheme.Shopify.Webhook, Secret);

        (await PostAsync($"/integrated-account-webhook/{Guid.NewGuid()}", Body, [])).ExpectError(HttpStatusCode.NotFound);
        (await PostAsync($"/environment-integration-webhook/{Guid.NewGuid()}", Body, [])).ExpectError(HttpStatusCode.NotFound);
        var large = "{\"x\":\"" + new string('a', 2 * 1024 * 1024) + "\"}";
        // As curl does for large bodies: with Expect: 100-continue the 413 comes before the body is sent. Without it the
        // server answers and closes while the client is still writing megabytes, and the client may see a broken pipe.
        (await PostAsync(setup.AccountUrl, large, VendorWebhookScheme.Shopify.Sign(Secret, large, DateTimeOffset.UtcNow), expectContinue: true)).ExpectError(HttpStatusCode.RequestEntityTooLarge);
        const string malformed = "{\"id\": ";
        Assert.Contains("$.body", (await PostAsync(setup.AccountUrl, malformed, VendorWebhookScheme.Shopify.Sign(Secret, malformed, DateTimeOffset.UtcNow))).ExpectError(HttpStatusCode.BadRequest));
        Assert.Empty(await setup.EventsAsync(Server));
    }

    [Fact]
    public async Task Microsoft_Graph_validation_token_is_echoed_as_text_and_notifications_need_the_client_state()
    {
        var webhook = JsonNode.Parse("""
            { "handle_verification": "$exists(query.validationToken) ? { 'type': 'verify', 'verification_response': { 'status_code': 200, 'body': query.validationToken, 'headers': { 'content-type': 'text/plain' } } } : { 'type': 'payload', 'payload': body.value.{ 'event_type': changeType, 'resource': 'users', 'id': resourceData.id, 'raw': $ } }",
              "signature_verification": { "format": "bearer", "config": { "token": "{{environment_variables.client_state}}", "compare_with": "{{body.value.0.clientState}}" } } }
            """)!.AsObject();
        var setup = await InboundWebhookSetup.CreateAsync(Server, webhook, Secret);
        const string token = "Validation: Token with spaces & symbols";

        using (var client = Server.CreateClient(null))
        using (var validation = await client.PostAsync($"{setup.AccountUrl}?validationToken={Uri.EscapeDataString(token)}", new StringContent("", Encoding.UTF8, "text/plain")))
        {
            Assert.Equal(HttpStatusCode.OK, validation.StatusCode);
            Assert.Equal("text/plain", validation.Content.Headers.ContentType?.MediaType);
            Assert.Equal(token, await validation.Content.ReadAsStringAsync());
        }

        string Notification(string? clientState) => new JsonObject
        {
            ["value"] = new JsonArray(
                new JsonObject { ["clientState"] = clientState, ["changeType"] = "created", ["resourceData"] = new JsonObject { ["id"] = "u-1" } },
                new JsonObject { ["clientState"] = clientState, ["changeType"] = "deleted", ["resourceData"] = new JsonObject { ["id"] = "u-2" } }),
        }.ToJsonString();

        Assert.Contains("does not match", (await PostAsync(setup.AccountUrl, Notification("wrong-state"), [])).ExpectError(HttpStatusCode.Unauthorized));
        Assert.Contains("no token", (await PostAsync(setup.AccountUrl, Notification(null), [])).ExpectError(HttpStatusCode.Unauthorized));
        Assert.Empty(await setup.EventsAsync(Server));

        Assert.Equal(2, (await PostAsync(setup.AccountUrl, Notification(Secret), [])).Expect(HttpStatusCode.OK)["events"]!.GetValue<int>());
        var events = await setup.EventsAsync(Server);
        Assert.Equal(["record:created", "record:deleted"], events.Select(e => e.EventType).Order());
        Assert.Equal(["u-1", "u-2"], events.Select(e => e.Payload["id"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Update_context_merges_into_the_account_only_with_a_valid_signature_and_emits_nothing()
    {
        var webhook = JsonNode.Parse("""
            { "handle_verification": "body.kind = 'rotate' ? { 'type': 'update_context', 'context': { 'cursor': body.cursor, 'webhook_secret': body.next_secret } } : body.kind = 'ping' ? { 'type': 'meta' } : { 'type': 'payload' }",
              "signature_verification": { "format": "bearer", "config": { "token": "{{context.webhook_secret}}" } } }
            """)!.AsObject();
        var setup = await InboundWebhookSetup.CreateAsync(Server, webhook, Secret);
        const string body = """{"kind":"rotate","cursor":"c-42","next_secret":"whsec_next"}""";
        var accounts = Server.Services.GetRequiredService<Serverless.Core.Platform.IntegratedAccountRepository>();

        (await PostAsync(setup.AccountUrl, body, new() { ["Authorization"] = "Bearer forged" })).ExpectError(HttpStatusCode.Unauthorized);
        var untouched = (await accounts.FindAsync(Guid.Parse(setup.AccountId), default))!.Value;
        Assert.Null(untouched.Context["cursor"]);

        Assert.Equal("ignored", (await PostAsync(setup.AccountUrl, """{"kind":"ping"}""", [])).Expect(HttpStatusCode.OK)["status"]!.GetValue<string>());
        Assert.Equal("context_updated", (await PostAsync(setup.AccountUrl, body, new() { ["Authorization"] = "Bearer " + Secret })).Expect(HttpStatusCode.OK)["status"]!.GetValue<string>());

        var updated = (await accounts.FindAsync(Guid.Parse(setup.AccountId), default))!.Value;
        Assert.Equal("c-42", updated.Context["cursor"]!.GetValue<string>());
        // The secret field went to the secret store, not into the stored context, and now authenticates.
        Assert.DoesNotContain("whsec_next", updated.Context.ToJsonString());
        Assert.Equal("whsec_next", (await accounts.ReadContextWithSecretsAsync(updated, default))["webhook_secret"]!.GetValue<string>());
        (await PostAsync(setup.AccountUrl, """{"kind":"other"}""", new() { ["Authorization"] = "Bearer " + Secret })).ExpectError(HttpStatusCode.Unauthorized);
        (await PostAsync(setup.AccountUrl, """{"kind":"other"}""", new() { ["Authorization"] = "Bearer whsec_next" })).Expect(HttpStatusCode.OK);
        Assert.Single(await setup.EventsAsync(Server));
    }

    [Fact]
    public async Task Update_context_rides_on_payload_and_verify_answers_and_needs_a_valid_signature_with_either()
    {
        // Truto's shape: update_context is a field of any answer, not a type of its own.
        var webhook = JsonNode.Parse("""
            { "handle_verification": "{ 'type': webhook_type = 'verify' ? 'verify' : 'payload', 'verification_response': webhook_type = 'verify' ? { 'body': { 'challenge': body.challenge } }, 'update_context': $exists(body.cursor) ? { 'cursor': body.cursor } }",
              "signature_verification": { "format": "bearer", "config": { "compare_with": "{{headers.authorization}}", "secret": "{{context.webhook_secret}}" } } }
            """)!.AsObject();
        var setup = await InboundWebhookSetup.CreateAsync(Server, webhook, Secret);
        var accounts = Server.Services.GetRequiredService<Serverless.Core.Platform.IntegratedAccountRepository>();
        async Task<string?> CursorAsync() => (await accounts.FindAsync(Guid.Parse(setup.AccountId), default))!.Value.Context["cursor"]?.GetValue<string>();
        var signed = new Dictionary<string, string> { ["Authorization"] = "Bearer " + Secret };
        var forged = new Dictionary<string, string> { ["Authorization"] = "Bearer forged" };

        // payload + update_context
        (await PostAsync(setup.AccountUrl, """{"id":"u-1","cursor":"c-1"}""", forged)).ExpectError(HttpStatusCode.Unauthorized);
        Assert.Null(await CursorAsync());
        Assert.Equal(1, (await PostAsync(setup.AccountUrl, """{"id":"u-1","cursor":"c-1"}""", signed)).Expect(HttpStatusCode.OK)["events"]!.GetValue<int>());
        Assert.Equal("c-1", await CursorAsync());

        // verify + update_context: the handshake is answered only once the context may change.
        (await PostAsync(setup.AccountUrl, """{"webhook_type":"verify","challenge":"ch-2","cursor":"c-2"}""", forged)).ExpectError(HttpStatusCode.Unauthorized);
        Assert.Equal("c-1", await CursorAsync());
        var answered = (await PostAsync(setup.AccountUrl, """{"webhook_type":"verify","challenge":"ch-2","cursor":"c-2"}""", signed)).Expect(HttpStatusCode.OK);
        Assert.Equal("ch-2", answered["challenge"]!.GetValue<string>());
        Assert.Equal("c-2", await CursorAsync());

        // verify alone: answered before any signature check (vendors send handshakes unsigned).
        Assert.Equal("ch-3", (await PostAsync(setup.AccountUrl, """{"webhook_type":"verify","challenge":"ch-3"}""", [])).Expect(HttpStatusCode.OK)["challenge"]!.GetValue<string>());
        Assert.Equal("c-2", await CursorAsync());
        Assert.Single(await setup.EventsAsync(Server));
    }

    [Fact]
    public async Task Hmac_parts_timestamp_and_raw_body_sign_what_a_payload_transform_put_in_the_context()
    {
        var webhook = JsonNode.Parse("""
            { "payload_transform": "$merge([$, { 'timestamp': headers.`x-timestamp` }])",
              "signature_verification": { "format": "hmac", "config": { "secret": "{{environment_variables.signing_secret}}", "algorithm": "sha256",
                "string_type": "hex", "compare_with": "{{headers.x-signature}}", "parts": ["timestamp", "raw_body"] } } }
            """)!.AsObject();
        var setup = await InboundWebhookSetup.CreateAsync(Server, webhook, Secret);
        string Sign(string text) => Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(text)));

        var accepted = await PostAsync(setup.AccountUrl, Body, new() { ["x-timestamp"] = "1700000000", ["x-signature"] = Sign("1700000000" + Body) });
        Assert.Equal(1, accepted.Expect(HttpStatusCode.OK)["events"]!.GetValue<int>());
        var replayed = await PostAsync(setup.AccountUrl, Body, new() { ["x-timestamp"] = "1700000999", ["x-signature"] = Sign("1700000000" + Body) });
        Assert.Contains("does not match", replayed.ExpectError(HttpStatusCode.Unauthorized));
    }

    private static Dictionary<string, string> Without(Dictionary<string, string> headers, string name)
    {
        headers.Remove(name);
        return headers;
    }

    /// <summary>Sends as a vendor would: no bearer token, the exact body bytes.</summary>
    private async Task<ApiAnswer> PostAsync(string path, string body, Dictionary<string, string> headers, string contentType = "application/json", bool expectContinue = false)
    {
        using var client = Server.CreateClient(null);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Headers.ExpectContinue = expectContinue;
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return await client.SendRawAsync(request);
    }
}
