using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Serverless.Functions.Tests.Api;
using Serverless.Functions.Tests.Infrastructure;
using Serverless.Functions.Tests.Simulators;
using Xunit;

namespace Serverless.Functions.Tests.Security;

/// <summary>
/// Vendors echo the request (SPEC §11): every secret value known for the call is replaced by
/// <c>********</c> in what their answer carries back, in text and in JSON, plain or encoded.
/// </summary>
public sealed class SecretEchoTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    private const string ApiKey = "sk_live_echoed+key/42";
    private const string ConfigPassword = "literal-config-password-77";
    private const string WebhookSecret = "whsec_environment_variable_99";

    private HttpClient Client => fixture.Server.Client;

    private static readonly string BasicCredentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ApiKey}:{ConfigPassword}"));

    /// <summary>An API key (password field) sent in a header and the query, basic auth with a literal config password, and a secret environment variable in a header.</summary>
    private static JsonObject EchoConfig(string baseUrl) => JsonNode.Parse($$$"""
        {
          "base_url": "{{{baseUrl}}}",
          "headers": { "X-Api-Key": "{{api_key}}", "X-Webhook-Secret": "{{environment_variables.webhook_secret}}" },
          "query": { "key": "{{api_key}}" },
          "credentials": { "format": "api_key", "config": { "fields": [ { "name": "api_key", "type": "password", "required": true } ] } },
          "authorization": { "format": "basic", "config": { "username": "{{api_key}}", "password": "{{{ConfigPassword}}}" } },
          "webhook": { "signature_verification": { "format": "bearer", "config": { "compare_with": "{{headers.authorization}}", "token": "{{environment_variables.webhook_secret}}" } } },
          "resources": { "users": { "list": { "method": "get", "path": "/users" }, "get": { "method": "get", "path": "/users/{{id}}" } } },
          "actions": {
            "validation": { "config": { "method": "GET", "path": "/me" } },
            "whoami": { "config": { "method": "GET", "path": "/me" }, "outputs": [ { "name": "auth", "key": "headers.authorization" } ] }
          }
        }
        """)!.AsObject();

    private async Task<string> ConnectAsync(JsonObject config, string authenticationMethod, JsonObject context)
    {
        var integration = await TestData.CreateIntegrationAsync(Client, TestData.Unique("echo"), config);
        (await Client.PostJsonAsync("/environment-integration", new JsonObject
        {
            ["integration_id"] = TestData.Id(integration),
            ["environment_variables"] = new JsonObject { ["webhook_secret"] = WebhookSecret },
        })).Expect(HttpStatusCode.Created);
        var account = (await Client.PostJsonAsync("/integrated-account", new JsonObject
        {
            ["integration_name"] = TestData.Name(integration),
            ["tenant_id"] = "t",
            ["authentication_method"] = authenticationMethod,
            ["context"] = context,
        })).Expect(HttpStatusCode.Created);
        return TestData.Id(account);
    }

    private static void AssertNoSecret(string answer, params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, answer);
            Assert.DoesNotContain(Uri.EscapeDataString(secret), answer);
        }

        Assert.Contains("********", answer);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_vendor_error_echoing_the_request_reaches_the_caller_without_any_secret(bool asText)
    {
        await using var vendor = new EchoSimulator { AsText = asText };
        await vendor.StartAsync();
        var accountId = await ConnectAsync(EchoConfig(vendor.BaseUrl), "api_key", new JsonObject { ["api_key"] = ApiKey });
        vendor.Status = 500;

        var answer = await Client.GetJsonAsync($"/proxy/users/u1?integrated_account_id={accountId}");

        answer.ExpectError(HttpStatusCode.InternalServerError);
        Assert.Equal(500, answer.Json!["details"]!["vendor_status"]!.GetValue<int>());
        Assert.Contains("x-api-key", answer.Text);
        Assert.Equal($"Basic {BasicCredentials}", vendor.Requests[^1].Header("Authorization"));
        AssertNoSecret(answer.Text, ApiKey, ConfigPassword, WebhookSecret, BasicCredentials);
    }

    [Fact]
    public async Task A_refreshed_oauth_token_echoed_by_the_vendor_is_scrubbed()
    {
        await using var oauth = new OAuthServerSimulator();
        await oauth.StartAsync();
        oauth.AddRefreshToken("rt-echo-refresh-token");
        await using var vendor = new EchoSimulator { Status = 502 };
        await vendor.StartAsync();
        var config = JsonNode.Parse($$$"""
            {
              "base_url": "{{{vendor.BaseUrl}}}",
              "credentials": { "format": "oauth2", "config": { "client": { "id": "{{{oauth.ClientId}}}", "secret": "{{{oauth.ClientSecret}}}" }, "auth": { "tokenHost": "{{{oauth.BaseUrl}}}" } } },
              "resources": { "contacts": { "list": { "method": "get", "path": "/contacts", "query": { "echo_secret": "{{{oauth.ClientSecret}}}" } } } }
            }
            """)!.AsObject();
        var accountId = await ConnectAsync(config, "oauth2", new JsonObject
        {
            ["oauth"] = new JsonObject { ["token"] = new JsonObject { ["access_token"] = "at-stale", ["refresh_token"] = "rt-echo-refresh-token", ["expires_at"] = "2020-01-01T00:00:00.000Z" } },
        });

        var answer = await Client.GetJsonAsync($"/proxy/contacts?integrated_account_id={accountId}");

        answer.ExpectError(HttpStatusCode.BadGateway);
        var sent = vendor.Requests[^1].Header("Authorization")!;
        Assert.StartsWith("Bearer at-", sent);
        AssertNoSecret(answer.Text, sent["Bearer ".Length..], oauth.ClientSecret);
    }

    [Fact]
    public async Task An_action_test_answer_and_a_validation_report_carry_no_secret()
    {
        await using var vendor = new EchoSimulator();
        await vendor.StartAsync();
        var accountId = await ConnectAsync(EchoConfig(vendor.BaseUrl), "api_key", new JsonObject { ["api_key"] = ApiKey });

        var test = await Client.PostJsonAsync($"/proxy/_/whoami/test?integrated_account_id={accountId}", new JsonObject());
        var body = test.Expect(HttpStatusCode.OK);
        Assert.Equal("********", body["outputs"]!["auth"]!.GetValue<string>());
        Assert.NotNull(body["response"]!["headers"]);
        AssertNoSecret(test.Text, ApiKey, ConfigPassword, WebhookSecret, BasicCredentials);

        var validation = await Client.PostJsonAsync($"/integrated-account/{accountId}/validate", new JsonObject());
        Assert.True(validation.Expect(HttpStatusCode.OK)["valid"]!.GetValue<bool>());
        AssertNoSecret(validation.Text, ApiKey, ConfigPassword, WebhookSecret, BasicCredentials);

        vendor.Status = 403;
        var failed = await Client.PostJsonAsync($"/integrated-account/{accountId}/validate", new JsonObject());
        Assert.False(failed.Expect(HttpStatusCode.OK)["valid"]!.GetValue<bool>());
        Assert.Equal(403, failed.Json!["status"]!.GetValue<int>());
        AssertNoSecret(failed.Text, ApiKey, ConfigPassword, WebhookSecret, BasicCredentials);
    }

    [Fact]
    public async Task A_vendor_redirect_passes_its_location_to_the_caller()
    {
        await using var vendor = new EchoSimulator();
        await vendor.StartAsync();
        var accountId = await ConnectAsync(EchoConfig(vendor.BaseUrl), "api_key", new JsonObject { ["api_key"] = ApiKey });
        vendor.RedirectTo = "/v2/users/u1?page=2";

        // A client that does not follow redirects itself, to see the proxy's answer.
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = Client.DefaultRequestHeaders.Authorization;
        using var response = await client.GetAsync($"/proxy/users/u1?integrated_account_id={accountId}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(new Uri($"{vendor.BaseUrl}/v2/users/u1?page=2"), response.Headers.Location);
        Assert.Contains("the vendor answered 302", await response.Content.ReadAsStringAsync());
    }
}
