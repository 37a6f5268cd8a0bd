using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Events;
using Serverless.Functions.Tests.Infrastructure;
using Serverless.Functions.Tests.Simulators;
using Xunit;

namespace Serverless.Functions.Tests.Truto;

/// <summary>
/// Truto's documented example integration config, posted byte for byte and then run section by section
/// against loopback simulators of its vendor and OAuth server. <c>truto-integration-example.json</c> is
/// copied verbatim from the example on Truto's documentation page of the Integration object, so this repository
/// stands alone.
/// </summary>
public sealed class TrutoExampleConfigTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    private const string WebhookSecret = "whsec_example_0123456789";
    private const string ClientId = "customer-app-id";
    private const string ClientSecret = "customer-app-secret";

    private PlatformServer Server => fixture.Server;

    private static string ExampleConfigText() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Truto", "truto-integration-example.json"));

    [Fact]
    public async Task The_documented_example_is_accepted_byte_for_byte_with_Trutos_record_fields()
    {
        var name = Unique("example");
        var created = (await PostExampleAsync(name)).Expect(HttpStatusCode.Created);

        Assert.Equal("helpdesk", created["category"]!.GetValue<string>());
        Assert.Equal("Example API Integration", created["config"]!["label"]!.GetValue<string>());
        Assert.Equal("https://example.com/logo.png", created["config"]!["logo"]!.GetValue<string>());
        Assert.Equal("https://example.com/icon.png", created["config"]!["icon"]!.GetValue<string>());
        Assert.Equal("3600", created["config"]!["credentials"]!["oauth2"]!["config"]!["tokenExpiryDuration"]!.GetValue<string>());
        Assert.Equal("********", created["config"]!["credentials"]!["oauth2"]!["config"]!["client"]!["secret"]!.GetValue<string>());
        Assert.Equal("allow", created["sharing"]!.GetValue<string>());
        Assert.False(created["is_beta"]!.GetValue<bool>());
        Assert.True(Guid.TryParse(created["team_id"]!.GetValue<string>(), out _));
        Assert.Empty(created["installed_environment"]!.AsArray());
        Assert.NotNull(created["created_at"]);
        Assert.NotNull(created["updated_at"]);

        var install = (await Server.Client.PostJsonAsync("/environment-integration", new JsonObject { ["integration_id"] = Id(created) })).Expect(HttpStatusCode.Created);
        var read = (await Server.Client.GetJsonAsync($"/integration/{Id(created)}")).Expect(HttpStatusCode.OK);
        Assert.Equal(install["environment_id"]!.GetValue<string>(), Assert.Single(read["installed_environment"]!.AsArray())!.GetValue<string>());
        Assert.Equal(created["team_id"]!.GetValue<string>(), read["team_id"]!.GetValue<string>());
        var listed = (await Server.Client.GetJsonAsync("/integration?limit=1000")).Expect(HttpStatusCode.OK)["result"]!.AsArray().Single(i => Id(i!) == Id(created))!;
        Assert.Equal(install["environment_id"]!.GetValue<string>(), Assert.Single(listed["installed_environment"]!.AsArray())!.GetValue<string>());
    }

    [Fact]
    public async Task Users_list_gets_a_client_credentials_token_and_pages_with_per_page()
    {
        await using var setup = await ExampleSetup.CreateAsync(this, userCount: 5);

        var records = new List<JsonNode?>();
        string? cursor = null;
        do
        {
            var page = (await Server.Client.GetJsonAsync($"/proxy/users?integrated_account_id={setup.AccountId}&limit=2" + (cursor is null ? "" : "&next_cursor=" + cursor)))
                .Expect(HttpStatusCode.OK);
            records.AddRange(page["result"]!.AsArray().Select(user => user?.DeepClone()));
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        SimulatorTestClient.AssertSameRecords(setup.Api.Users, records);
        // One client_credentials grant, with the customer's own client (the account's client_id/client_secret fields).
        Assert.Equal(1, setup.OAuth.TokenRequestCount);
        Assert.Equal("client_credentials", setup.OAuth.LastTokenRequest["grant_type"]);
        Assert.Equal("header", setup.OAuth.LastClientAuthentication);
        var users = setup.Api.Requests.Where(r => r.Path == "/users").ToList();
        Assert.Equal(["1", "2", "3"], users.Select(r => r.Query("page")));
        Assert.All(users, request =>
        {
            Assert.Equal("2", request.Query("per_page"));
            Assert.Equal("ada", request.Query("search"));
            Assert.Equal("active", request.Query("filter"));
            Assert.Equal("truto", request.Header("User-Agent"));
            Assert.Equal("application/json", request.Header("Accept"));
            Assert.StartsWith("Bearer at-", request.Header("Authorization"));
        });
    }

    [Fact]
    public async Task Rate_limit_and_error_expressions_shape_the_answers()
    {
        await using var setup = await ExampleSetup.CreateAsync(this, userCount: 3);

        using var ok = await Server.Client.GetAsync($"/proxy/users?integrated_account_id={setup.AccountId}");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        // rate_limit_header_expression "X-RateLimit-Remaining" reads that header, forwarded as ratelimit-remaining.
        Assert.Equal((ExampleApiSimulator.RateLimitBudget - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), ok.Headers.GetValues("ratelimit-remaining").Single());

        setup.Api.RateLimitNextRequests(1, "7");
        using var limited = await Server.Client.GetAsync($"/proxy/users?integrated_account_id={setup.AccountId}");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), limited.Headers.RetryAfter?.Delta);

        // error_expression: a 422 becomes the proxy's 422 with the vendor's data.error.message. Without a
        // user_id in the context, {{context.user_id}} stays as written (Truto's placeholder semantics).
        var refused = await Server.Client.PostJsonAsync($"/proxy/orders?integrated_account_id={setup.AccountWithoutUserId}", new JsonObject());
        Assert.Equal("unknown user '{{context.user_id}}'", refused.ExpectError(HttpStatusCode.UnprocessableEntity));
    }

    [Fact]
    public async Task Orders_create_authorizes_with_the_bearer_value_and_answers_the_response_path()
    {
        await using var setup = await ExampleSetup.CreateAsync(this, userCount: 1);

        var order = (await Server.Client.PostJsonAsync($"/proxy/orders?integrated_account_id={setup.AccountId}", new JsonObject())).Expect(HttpStatusCode.Created);

        Assert.Equal("ord_1", order["id"]!.GetValue<string>());
        Assert.Equal("u-42", order["user_id"]!.GetValue<string>());
        var sent = setup.Api.Requests.Single(r => r.Path == "/orders");
        Assert.StartsWith("Bearer at-", sent.Header("Authorization"));
        // "{{context.items}}" has the default str type, so the array arrives as its JSON text (":json" would keep it an array).
        var body = JsonNode.Parse(sent.Body)!;
        Assert.Equal("u-42", body["user_id"]!.GetValue<string>());
        Assert.Equal("""[{"sku":"sku-1","quantity":2}]""", body["items"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sync_users_action_posts_the_context_users_with_the_access_token()
    {
        await using var setup = await ExampleSetup.CreateAsync(this, userCount: 1);

        var answer = (await Server.Client.PostJsonAsync($"/proxy/_/sync_users?integrated_account_id={setup.AccountId}", new JsonObject())).Expect(HttpStatusCode.OK);

        Assert.Equal(200, answer["status"]!.GetValue<int>());
        // "{{context.users}}" has the default str type: the context's users arrive as their JSON text.
        var synced = Assert.Single(setup.Api.SyncedUsers);
        Assert.Equal("""[{"id":"u-1","email":"ada@example.com"}]""", synced!["users"]!.GetValue<string>());
        var sent = setup.Api.Requests.Single(r => r.Path == "/sync/users");
        Assert.Equal("POST", sent.Method);
        Assert.StartsWith("Bearer at-", sent.Header("Authorization"));
    }

    [Fact]
    public async Task Webhook_answers_the_verify_handshake_and_accepts_only_payloads_signed_in_x_signature()
    {
        await using var setup = await ExampleSetup.CreateAsync(this, userCount: 1);
        var url = $"/integrated-account-webhook/{setup.AccountId}";

        var handshake = (await PostWebhookAsync(url, """{"webhook_type":"verify","challenge":"c-123"}""", signature: null)).Expect(HttpStatusCode.OK);
        Assert.Equal("c-123", handshake["challenge"]!.GetValue<string>());

        const string payload = """{"event":"user.updated","id":"u-1"}""";
        var forged = await PostWebhookAsync(url, payload, Sign("whsec_wrong", payload));
        Assert.Contains("webhook signature rejected", forged.ExpectError(HttpStatusCode.Unauthorized));
        Assert.Contains("webhook signature rejected", (await PostWebhookAsync(url, payload, signature: null)).ExpectError(HttpStatusCode.Unauthorized));

        var accepted = (await PostWebhookAsync(url, payload, Sign(WebhookSecret, payload))).Expect(HttpStatusCode.OK);
        Assert.Equal(1, accepted["events"]!.GetValue<int>());
        var events = await Server.Services.GetRequiredService<StoredEventLog>().ListAsync(Guid.Parse(setup.EnvironmentId), 100, null);
        var only = Assert.Single(events.Items, e => e.EventType.StartsWith("record:", StringComparison.Ordinal)
            && e.Payload["integrated_account_id"]!.GetValue<string>() == setup.AccountId);
        Assert.Equal("u-1", only.Payload["raw"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_connect_user_form_offers_a_form_built_from_the_vendor_and_stores_checked_answers()
    {
        await using var setup = await ExampleSetup.CreateAsync(this, userCount: 3);
        (await Server.Client.PatchJsonAsync($"/integration/{setup.IntegrationId}", JsonNode.Parse("""
            { "config": { "actions": { "post_connect_user_form": { "steps": [
                { "type": "request", "config": { "method": "get", "path": "/users", "response_path": "data.users" } },
                { "type": "transform", "expression": "[{ 'name': 'owner_id', 'label': 'Owner', 'type': 'single_select', 'required': true, 'options': [$previous.{ 'value': id, 'label': name }] }, { 'name': 'signing_key', 'type': 'password' }]" }
            ] } } } }
            """)!)).Expect(HttpStatusCode.OK);
        var url = $"/integrated-account/{setup.AccountId}/post-connect-form";

        var form = (await Server.Client.GetJsonAsync(url)).Expect(HttpStatusCode.OK)["fields"]!.AsArray();
        Assert.Equal(["owner_id", "signing_key"], form.Select(field => field!["name"]!.GetValue<string>()));
        Assert.Equal(setup.Api.Users.Select(user => user["id"]!.GetValue<string>()), form[0]!["options"]!.AsArray().Select(option => option!["value"]!.GetValue<string>()));

        var owner = setup.Api.Users[1]["id"]!.GetValue<string>();
        Assert.Contains("$.values.owner_id", (await Server.Client.PostJsonAsync(url, JsonNode.Parse("""{"values":{"owner_id":"nobody"}}""")!)).ExpectError(HttpStatusCode.BadRequest));
        Assert.Contains("$.values.extra", (await Server.Client.PostJsonAsync(url, new JsonObject { ["values"] = new JsonObject { ["owner_id"] = owner, ["extra"] = "x" } })).ExpectError(HttpStatusCode.BadRequest));

        var account = (await Server.Client.PostJsonAsync(url, new JsonObject { ["values"] = new JsonObject { ["owner_id"] = owner, ["signing_key"] = "sk_answer" } })).Expect(HttpStatusCode.OK);
        Assert.Equal(owner, account["context"]!["owner_id"]!.GetValue<string>());
        Assert.Equal("********", account["context"]!["signing_key"]!.GetValue<string>());
        var events = await Server.Services.GetRequiredService<StoredEventLog>().ListAsync(Guid.Parse(setup.EnvironmentId), 200, null);
        var submitted = Assert.Single(events.Items, e => e.EventType == "integrated_account:post_connect_form_submitted" && e.Payload["integrated_account_id"]!.GetValue<string>() == setup.AccountId);
        Assert.DoesNotContain("sk_answer", submitted.Payload.ToJsonString());
        Assert.DoesNotContain("sk_answer", Server.Logs.AllText);
    }

    private async Task<ApiAnswer> PostWebhookAsync(string url, string body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null) request.Headers.Add("x-signature", signature);
        return await Server.Client.SendRawAsync(request);
    }

    private static string Sign(string secret, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    /// <summary>The request body is assembled as text so that the config's bytes are exactly the document's.</summary>
    private Task<ApiAnswer> PostExampleAsync(string name) =>
        Server.Client.SendTextAsync(HttpMethod.Post, "/integration", $$"""{"name":"{{name}}","category":"helpdesk","config":{{ExampleConfigText()}}}""", "application/json");

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private static string Id(JsonNode node) => node["id"]!.GetValue<string>();

    /// <summary>
    /// The example installed and connected against the simulators: the integration's <c>base_url</c> and
    /// <c>tokenHost</c> patched to them (the document's example.com hosts are placeholders), the webhook
    /// secret in the installation's environment variables, and two accounts with the customer's own client.
    /// </summary>
    private sealed class ExampleSetup : IAsyncDisposable
    {
        private ExampleSetup(OAuthServerSimulator oauth, ExampleApiSimulator api) => (OAuth, Api) = (oauth, api);

        public OAuthServerSimulator OAuth { get; }

        public ExampleApiSimulator Api { get; }

        public string EnvironmentId { get; private set; } = "";

        public string IntegrationId { get; private set; } = "";

        public string AccountId { get; private set; } = "";

        public string AccountWithoutUserId { get; private set; } = "";

        public static async Task<ExampleSetup> CreateAsync(TrutoExampleConfigTests tests, int userCount)
        {
            var oauth = new OAuthServerSimulator { ClientId = ClientId, ClientSecret = ClientSecret };
            await oauth.StartAsync();
            var api = new ExampleApiSimulator(SimulatorAuth.IssuedBy(oauth), userCount);
            await api.StartAsync();
            var setup = new ExampleSetup(oauth, api);

            var client = tests.Server.Client;
            var name = Unique("example");
            var integration = (await tests.PostExampleAsync(name)).Expect(HttpStatusCode.Created);
            setup.IntegrationId = Id(integration);
            (await client.PatchJsonAsync($"/integration/{Id(integration)}", JsonNode.Parse($$"""
                { "config": { "base_url": "{{api.BaseUrl}}", "credentials": { "oauth2": { "config": { "auth": { "tokenHost": "{{oauth.BaseUrl}}" } } } } } }
                """)!)).Expect(HttpStatusCode.OK);
            var install = (await client.PostJsonAsync("/environment-integration", new JsonObject
            {
                ["integration_id"] = Id(integration),
                ["environment_variables"] = new JsonObject { ["WEBHOOK_SECRET"] = WebhookSecret },
            })).Expect(HttpStatusCode.Created);
            setup.EnvironmentId = install["environment_id"]!.GetValue<string>();
            setup.AccountId = await ConnectAsync(client, name, "tenant-a", "u-42");
            setup.AccountWithoutUserId = await ConnectAsync(client, name, "tenant-b", null);
            return setup;
        }

        private static async Task<string> ConnectAsync(HttpClient client, string integrationName, string tenantId, string? userId)
        {
            var context = new JsonObject
            {
                ["client_id"] = ClientId,
                ["client_secret"] = ClientSecret,
                ["search_query"] = "ada",
                ["filter_criteria"] = "active",
                ["items"] = JsonNode.Parse("""[{"sku":"sku-1","quantity":2}]"""),
                ["users"] = JsonNode.Parse("""[{"id":"u-1","email":"ada@example.com"}]"""),
            };
            if (userId is not null) context["user_id"] = userId;
            var account = (await client.PostJsonAsync("/integrated-account", new JsonObject
            {
                ["integration_name"] = integrationName,
                ["tenant_id"] = tenantId,
                ["authentication_method"] = "oauth2",
                ["context"] = context,
            })).Expect(HttpStatusCode.Created);
            Assert.Equal("active", account["status"]!.GetValue<string>());
            Assert.Equal("********", account["context"]!["client_secret"]!.GetValue<string>());
            return Id(account);
        }

        public async ValueTask DisposeAsync()
        {
            await Api.DisposeAsync();
            await OAuth.DisposeAsync();
        }
    }
}
