using System.Text.Json.Nodes;
using Serverless.Core.Auth;
using Serverless.Core.Errors;
using Serverless.Core.Integrations;
using Serverless.Functions.Tests.Simulators;
using Xunit;

namespace Serverless.Functions.Tests.Proxy;

/// <summary>The proxy pipeline against OAuth vendors' simulators and a real token endpoint.</summary>
public sealed class OAuthVendorProxyTests : IDisposable
{
    private const string EnvironmentVariables = """{"client_id":"simulated-client","client_secret":"simulated-client-secret"}""";
    private readonly ProxyEngineHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private static CompiledIntegration HubSpot(string apiUrl, string tokenHost, string options = """{}""") => ProxyEngineHarness.Compile($$$"""
        {
          "base_url": "{{{apiUrl}}}",
          "credentials": {
            "format": "oauth2",
            "config": {
              "client": { "id": "{{environment_variables.client_id}}", "secret": "{{environment_variables.client_secret}}" },
              "auth": { "tokenHost": "{{{tokenHost}}}", "tokenPath": "/oauth/token" },
              "options": {{{options}}},
              "scope": ["crm.objects.contacts.read", "oauth"]
            }
          },
          "pagination": { "format": "cursor", "config": { "cursor_key": "after", "cursor_path": "paging.next.after" } },
          "resources": { "contacts": { "list": { "method": "get", "path": "/crm/v3/objects/contacts", "response_path": "results" } } }
        }
        """);

    private static ProxyAccount OAuthAccount(string accessToken, string refreshToken, DateTimeOffset expiresAt, string status = "active") =>
        ProxyEngineHarness.Account("oauth2", new JsonObject
        {
            ["oauth"] = new JsonObject { ["token"] = new OAuthToken(accessToken, refreshToken, expiresAt, "Bearer", null).ToJson() },
        }.ToJsonString(), status, EnvironmentVariables);

    [Fact]
    public async Task An_expiring_token_is_refreshed_before_the_call_and_every_contact_is_returned()
    {
        await using var oauth = new OAuthServerSimulator();
        await oauth.StartAsync();
        await using var hubspot = new HubSpotSimulator(SimulatorAuth.IssuedBy(oauth), contactCount: 240);
        await hubspot.StartAsync();
        oauth.AddRefreshToken("rt-initial");
        var account = OAuthAccount("at-stale", "rt-initial", DateTimeOffset.UtcNow.AddSeconds(30));

        var (records, pages) = await _harness.ListAllAsync(HubSpot(hubspot.BaseUrl, oauth.BaseUrl), account, "contacts", limit: 100);

        SimulatorTestClient.AssertSameRecords(hubspot.Contacts, records);
        Assert.Equal(3, pages);
        Assert.Equal(1, oauth.TokenRequestCount);
        Assert.Equal("header", oauth.LastClientAuthentication);
        Assert.Equal("refresh_token", oauth.LastTokenRequest["grant_type"]);
        var stored = await new SecretStoreOAuthTokens(_harness.Secrets).GetAsync(account.Id, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.NotEqual("rt-initial", stored.RefreshToken);
        Assert.All(hubspot.Requests, request => Assert.Equal("Bearer " + stored.AccessToken, request.Header("Authorization")));
        Assert.DoesNotContain(stored.AccessToken, _harness.Logs.AllText);
        Assert.DoesNotContain("simulated-client-secret", _harness.Logs.AllText);
    }

    [Fact]
    public async Task A_401_refreshes_once_and_retries_and_a_kept_refresh_token_survives_a_response_without_one()
    {
        await using var oauth = new OAuthServerSimulator { OmitRefreshTokenOnRefresh = true };
        await oauth.StartAsync();
        await using var hubspot = new HubSpotSimulator(SimulatorAuth.IssuedBy(oauth), contactCount: 5);
        await hubspot.StartAsync();
        oauth.AddRefreshToken("rt-kept");
        // Valid for an hour by its own clock, but the vendor no longer accepts it.
        var account = OAuthAccount("at-revoked", "rt-kept", DateTimeOffset.UtcNow.AddHours(1));

        var result = await _harness.CallAsync(HubSpot(hubspot.BaseUrl, oauth.BaseUrl), account, "contacts", "list");

        Assert.Equal(5, (int)result.Body!["result_count"]!);
        Assert.Equal(2, hubspot.Requests.Count);
        Assert.Equal(1, oauth.TokenRequestCount);
        var stored = await new SecretStoreOAuthTokens(_harness.Secrets).GetAsync(account.Id, CancellationToken.None);
        Assert.Equal("rt-kept", stored!.RefreshToken);
    }

    /// <summary>HubSpot with Truto's reserved <c>refresh_token</c> action doing the refresh its own way (a JSON body, client credentials in it).</summary>
    private static CompiledIntegration HubSpotWithRefreshAction(string apiUrl, string tokenHost) => ProxyEngineHarness.Compile($$$"""
        {
          "base_url": "{{{apiUrl}}}",
          "credentials": { "format": "oauth2", "config": { "client": { "id": "{{environment_variables.client_id}}" }, "auth": { "tokenHost": "{{{tokenHost}}}" } } },
          "resources": { "contacts": { "list": { "method": "get", "path": "/crm/v3/objects/contacts", "response_path": "results" } } },
          "actions": {
            "refresh_token": {
              "type": "request",
              "config": {
                "method": "post", "url": "{{{tokenHost}}}/oauth/token",
                "body": { "grant_type": "refresh_token", "refresh_token": "{{oauth.token.refresh_token}}", "via": "refresh_token action",
                          "client_id": "{{environment_variables.client_id}}", "client_secret": "{{environment_variables.client_secret}}" }
              }
            }
          }
        }
        """);

    [Fact]
    public async Task A_refresh_token_action_replaces_the_standard_refresh_and_its_answer_is_the_new_token()
    {
        await using var oauth = new OAuthServerSimulator();
        await oauth.StartAsync();
        await using var hubspot = new HubSpotSimulator(SimulatorAuth.IssuedBy(oauth), contactCount: 3);
        await hubspot.StartAsync();
        oauth.AddRefreshToken("rt-action");
        var account = OAuthAccount("at-stale", "rt-action", DateTimeOffset.UtcNow.AddSeconds(10));

        var result = await _harness.CallAsync(HubSpotWithRefreshAction(hubspot.BaseUrl, oauth.BaseUrl), account, "contacts", "list");

        Assert.Equal(3, (int)result.Body!["result_count"]!);
        Assert.Equal(1, oauth.TokenRequestCount);
        Assert.Equal("refresh_token action", oauth.LastTokenRequest["via"]);
        Assert.Equal("rt-action", oauth.LastTokenRequest["refresh_token"]);
        Assert.StartsWith("application/json", oauth.Requests[^1].Header("Content-Type"));
        var stored = await new SecretStoreOAuthTokens(_harness.Secrets).GetAsync(account.Id, CancellationToken.None);
        Assert.NotNull(stored!.ExpiresAt);
        Assert.Equal("Bearer " + stored.AccessToken, hubspot.Requests.Single().Header("Authorization"));
    }

    [Fact]
    public async Task A_refresh_token_action_the_vendor_refuses_marks_the_account_for_reauthorization()
    {
        await using var oauth = new OAuthServerSimulator { FailRefreshes = true };
        await oauth.StartAsync();
        await using var hubspot = new HubSpotSimulator(SimulatorAuth.IssuedBy(oauth), contactCount: 3);
        await hubspot.StartAsync();
        var account = OAuthAccount("at-stale", "rt-dead", DateTimeOffset.UtcNow.AddSeconds(-1));

        var refused = await Assert.ThrowsAsync<ApiException>(() => _harness.CallAsync(HubSpotWithRefreshAction(hubspot.BaseUrl, oauth.BaseUrl), account, "contacts", "list"));

        Assert.Equal(401, refused.StatusCode);
        Assert.Contains("refresh_token action", refused.Message);
        Assert.Equal([(account.Id, "needs_reauth")], _harness.AuthState.Changes);
        Assert.Empty(hubspot.Requests);
    }

    [Fact]
    public async Task Concurrent_calls_share_one_refresh()
    {
        await using var oauth = new OAuthServerSimulator { ResponseDelay = TimeSpan.FromMilliseconds(200) };
        await oauth.StartAsync();
        await using var hubspot = new HubSpotSimulator(SimulatorAuth.IssuedBy(oauth), contactCount: 5);
        await hubspot.StartAsync();
        oauth.AddRefreshToken("rt-1");
        var integration = HubSpot(hubspot.BaseUrl, oauth.BaseUrl);
        var account = OAuthAccount("at-old", "rt-1", DateTimeOffset.UtcNow.AddSeconds(-5));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _harness.CallAsync(integration, account, "contacts", "list")));

        Assert.All(results, result => Assert.Equal(200, result.StatusCode));
        Assert.Equal(1, oauth.TokenRequestCount);
    }

    [Fact]
    public async Task A_refused_refresh_marks_the_account_for_reauthorization_and_answers_401()
    {
        await using var oauth = new OAuthServerSimulator { FailRefreshes = true };
        await oauth.StartAsync();
        await using var hubspot = new HubSpotSimulator(SimulatorAuth.IssuedBy(oauth), contactCount: 5);
        await hubspot.StartAsync();
        var account = OAuthAccount("at-old", "rt-dead", DateTimeOffset.UtcNow.AddSeconds(-5));

        var refused = await Assert.ThrowsAsync<ApiException>(() => _harness.CallAsync(HubSpot(hubspot.BaseUrl, oauth.BaseUrl), account, "contacts", "list"));

        Assert.Equal(401, refused.StatusCode);
        Assert.Contains("invalid_grant", refused.Message);
        Assert.Equal([(account.Id, "needs_reauth")], _harness.AuthState.Changes);
        Assert.Empty(hubspot.Requests);
    }

    [Fact]
    public async Task A_successful_call_on_a_needs_reauth_account_reactivates_it()
    {
        await using var oauth = new OAuthServerSimulator();
        await oauth.StartAsync();
        await using var hubspot = new HubSpotSimulator(SimulatorAuth.IssuedBy(oauth), contactCount: 2);
        await hubspot.StartAsync();
        oauth.AddRefreshToken("rt-new");
        var account = OAuthAccount("at-x", "rt-new", DateTimeOffset.UtcNow.AddSeconds(-1), status: ProxyAccount.NeedsReauth);

        await _harness.CallAsync(HubSpot(hubspot.BaseUrl, oauth.BaseUrl), account, "contacts", "list");

        Assert.Equal([(account.Id, "reactivated")], _harness.AuthState.Changes);
    }

    [Fact]
    public async Task Body_client_authentication_with_a_json_token_body()
    {
        await using var oauth = new OAuthServerSimulator();
        await oauth.StartAsync();
        await using var hubspot = new HubSpotSimulator(SimulatorAuth.IssuedBy(oauth), contactCount: 2);
        await hubspot.StartAsync();
        oauth.AddRefreshToken("rt-json");
        var integration = HubSpot(hubspot.BaseUrl, oauth.BaseUrl, """{"authorizationMethod":"body","bodyFormat":"json"}""");

        await _harness.CallAsync(integration, OAuthAccount("at", "rt-json", DateTimeOffset.UtcNow), "contacts", "list");

        Assert.Equal("body", oauth.LastClientAuthentication);
        Assert.Equal("application/json; charset=utf-8", oauth.Requests[^1].Header("Content-Type"));
        Assert.Equal("simulated-client", oauth.LastTokenRequest["client_id"]);
    }

    [Fact]
    public async Task Salesforce_follows_relative_next_records_urls_on_the_instance_url_from_the_context()
    {
        await using var oauth = new OAuthServerSimulator();
        await oauth.StartAsync();
        await using var salesforce = new SalesforceSimulator(SimulatorAuth.IssuedBy(oauth), accountCount: 450);
        await salesforce.StartAsync();
        oauth.AddRefreshToken("rt-sf");
        var integration = ProxyEngineHarness.Compile($$$"""
            {
              "base_url": "{{instance_url}}/services/data/v59.0",
              "headers": { "Sforce-Query-Options": "batchSize=200" },
              "credentials": { "format": "oauth2", "config": { "client": { "id": "{{environment_variables.client_id}}", "secret": "{{environment_variables.client_secret}}" }, "auth": { "tokenHost": "{{{oauth.BaseUrl}}}" } } },
              "pagination": { "format": "cursor", "config": { "cursor_path": "nextRecordsUrl", "is_link": true } },
              "resources": { "accounts": { "list": { "method": "get", "path": "/query", "query": { "q": "SELECT Id, Name FROM Account" }, "response_path": "records" } } }
            }
            """);
        var context = new JsonObject
        {
            ["instance_url"] = salesforce.BaseUrl,
            ["oauth"] = new JsonObject { ["token"] = new OAuthToken("at-old", "rt-sf", DateTimeOffset.UtcNow.AddSeconds(-1), "Bearer", null).ToJson() },
        };
        var account = ProxyEngineHarness.Account("oauth2", context.ToJsonString(), environmentVariables: EnvironmentVariables);

        var (records, pages) = await _harness.ListAllAsync(integration, account, "accounts", limit: null);

        SimulatorTestClient.AssertSameRecords(salesforce.Accounts, records);
        Assert.Equal(3, pages);
        Assert.Equal("/services/data/v59.0/query/01gD0000002HU6KIAW-400", salesforce.Requests[^1].PathAndQuery);
    }

    [Fact]
    public async Task Graph_client_credentials_fetch_a_token_and_follow_absolute_next_links()
    {
        await using var oauth = new OAuthServerSimulator();
        await oauth.StartAsync();
        await using var graph = new MicrosoftGraphSimulator(SimulatorAuth.IssuedBy(oauth), userCount: 260);
        await graph.StartAsync();
        var integration = ProxyEngineHarness.Compile($$$"""
            {
              "base_url": "{{{graph.BaseUrl}}}/v1.0",
              "credentials": {
                "format": "oauth2_client_credentials",
                "config": {
                  "client": { "id": "{{environment_variables.client_id}}", "secret": "{{environment_variables.client_secret}}" },
                  "auth": { "tokenHost": "{{{oauth.BaseUrl}}}", "tokenPath": "/oauth/token" },
                  "scope": ["https://graph.microsoft.com/.default"]
                }
              },
              "pagination": { "format": "cursor", "config": { "cursor_path": "@odata.nextLink", "is_link": true, "limit_key": "$top", "max_limit": 999 } },
              "resources": { "users": { "list": { "method": "get", "path": "/users", "response_path": "value" } } }
            }
            """);
        var account = ProxyEngineHarness.Account("oauth2_client_credentials", "{}", environmentVariables: EnvironmentVariables);

        var (records, pages) = await _harness.ListAllAsync(integration, account, "users", limit: 100);

        SimulatorTestClient.AssertSameRecords(graph.Users, records);
        Assert.Equal(3, pages);
        Assert.Equal(1, oauth.TokenRequestCount);
        Assert.Equal("client_credentials", oauth.LastTokenRequest["grant_type"]);
        Assert.Equal("https://graph.microsoft.com/.default", oauth.LastTokenRequest["scope"]);
    }
}
