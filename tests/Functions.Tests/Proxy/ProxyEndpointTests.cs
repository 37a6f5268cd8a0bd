using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Events;
using Serverless.Functions.Tests.Infrastructure;
using Serverless.Functions.Tests.Simulators;
using Xunit;

namespace Serverless.Functions.Tests.Proxy;

/// <summary><c>/proxy</c> end to end: the real server, its storage and API, against vendor simulators.</summary>
public sealed class ProxyEndpointTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    private HttpClient Client => fixture.Server.Client;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>Creates and installs an integration and connects an account; returns the account id.</summary>
    private async Task<string> ConnectAsync(JsonObject config, string authenticationMethod, JsonObject context)
    {
        var name = Unique("vendor");
        var integration = (await Client.PostJsonAsync("/integration", new JsonObject { ["name"] = name, ["category"] = "crm", ["config"] = config }))
            .Expect(HttpStatusCode.Created);
        (await Client.PostJsonAsync("/environment-integration", new JsonObject { ["integration_id"] = integration["id"]!.GetValue<string>() }))
            .Expect(HttpStatusCode.Created);
        var account = (await Client.PostJsonAsync("/integrated-account", new JsonObject
        {
            ["integration_name"] = name,
            ["tenant_id"] = "tenant-1",
            ["authentication_method"] = authenticationMethod,
            ["context"] = context,
        })).Expect(HttpStatusCode.Created);
        return account["id"]!.GetValue<string>();
    }

    private static JsonObject GitHubConfig(string baseUrl) => JsonNode.Parse($$$"""
        {
          "base_url": "{{{baseUrl}}}",
          "credentials": { "format": "api_key", "config": { "fields": [ { "name": "api_key", "label": "Token", "type": "password", "required": true } ] } },
          "pagination": { "format": "link_header", "config": { "limit_key": "per_page" } },
          "resources": { "repos": { "list": { "method": "get", "path": "/user/repos" }, "get": { "method": "get", "path": "/repos/octocat/{{id}}" } } }
        }
        """)!.AsObject();

    [Fact]
    public async Task Paging_through_proxy_returns_every_record_and_never_the_credential()
    {
        await using var github = new GitHubSimulator("ghp_end_to_end_secret", repositoryCount: 230);
        await github.StartAsync();
        var accountId = await ConnectAsync(GitHubConfig(github.BaseUrl), "api_key", new JsonObject { ["api_key"] = "ghp_end_to_end_secret" });

        var records = new List<JsonNode?>();
        string? cursor = null;
        var bodies = new List<string>();
        do
        {
            var answer = await Client.GetJsonAsync($"/proxy/repos?integrated_account_id={accountId}&limit=100" + (cursor is null ? "" : "&next_cursor=" + cursor));
            var page = answer.Expect(HttpStatusCode.OK);
            bodies.Add(answer.Text);
            records.AddRange(page["result"]!.AsArray().Select(record => record?.DeepClone()));
            Assert.Equal(page["result"]!.AsArray().Count, page["result_count"]!.GetValue<int>());
            Assert.Null(page["prev_cursor"]);
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        SimulatorTestClient.AssertSameRecords(github.Repositories, records);
        Assert.Equal(3, bodies.Count);
        Assert.All(github.Requests, request => Assert.Equal("Bearer ghp_end_to_end_secret", request.Header("Authorization")));
        Assert.All(github.Requests, request => Assert.Null(request.Query("integrated_account_id")));
        Assert.All(bodies, body => Assert.DoesNotContain("ghp_end_to_end_secret", body));
        Assert.DoesNotContain("ghp_end_to_end_secret", fixture.Server.Logs.AllText);
    }

    [Fact]
    public async Task Get_returns_the_vendor_body_and_caller_query_is_forwarded_without_platform_parameters()
    {
        await using var github = new GitHubSimulator("tok", repositoryCount: 3);
        await github.StartAsync();
        var accountId = await ConnectAsync(GitHubConfig(github.BaseUrl), "api_key", new JsonObject { ["api_key"] = "tok" });

        var repo = (await Client.GetJsonAsync($"/proxy/repos/repo-0003?integrated_account_id={accountId}&fields=name")).Expect(HttpStatusCode.OK);

        Assert.Equal(github.Repositories[2].ToJsonString(), repo.ToJsonString());
        Assert.Equal("/repos/octocat/repo-0003?fields=name", github.Requests[^1].PathAndQuery);
    }

    [Fact]
    public async Task A_rate_limited_vendor_answers_429_with_retry_after_and_the_error_envelope()
    {
        await using var github = new GitHubSimulator("tok", repositoryCount: 3);
        await github.StartAsync();
        var accountId = await ConnectAsync(GitHubConfig(github.BaseUrl), "api_key", new JsonObject { ["api_key"] = "tok" });
        github.RateLimitNextRequests(1, "12");

        using var response = await Client.GetAsync($"/proxy/repos?integrated_account_id={accountId}");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(12), response.Headers.RetryAfter!.Delta);
        Assert.Equal(429, body["statusCode"]!.GetValue<int>());
        Assert.Contains("rate-limited", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_calls_name_the_problem()
    {
        (await Client.GetJsonAsync("/proxy/repos")).ExpectError(HttpStatusCode.BadRequest);
        var missing = (await Client.GetJsonAsync($"/proxy/repos?integrated_account_id={Guid.NewGuid()}")).ExpectError(HttpStatusCode.NotFound);
        Assert.Contains("integrated account", missing);

        await using var github = new GitHubSimulator("tok", repositoryCount: 3);
        await github.StartAsync();
        var accountId = await ConnectAsync(GitHubConfig(github.BaseUrl), "api_key", new JsonObject { ["api_key"] = "tok" });
        Assert.Contains("no resource 'nothing'", (await Client.GetJsonAsync($"/proxy/nothing?integrated_account_id={accountId}")).ExpectError(HttpStatusCode.NotFound));
        Assert.Contains("next_cursor", (await Client.GetJsonAsync($"/proxy/repos?integrated_account_id={accountId}&next_cursor=@@")).ExpectError(HttpStatusCode.BadRequest));
        Assert.Contains("limit", (await Client.GetJsonAsync($"/proxy/repos?integrated_account_id={accountId}&limit=-1")).ExpectError(HttpStatusCode.BadRequest));
        (await fixture.Server.CreateClient(null).GetJsonAsync($"/proxy/repos?integrated_account_id={accountId}")).ExpectError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_config_change_is_picked_up_by_the_next_call()
    {
        await using var github = new GitHubSimulator("tok", repositoryCount: 3);
        await github.StartAsync();
        var config = GitHubConfig(github.BaseUrl);
        var name = Unique("vendor");
        var integration = (await Client.PostJsonAsync("/integration", new JsonObject { ["name"] = name, ["category"] = "crm", ["config"] = config }))
            .Expect(HttpStatusCode.Created);
        (await Client.PostJsonAsync("/environment-integration", new JsonObject { ["integration_id"] = integration["id"]!.GetValue<string>() })).Expect(HttpStatusCode.Created);
        var account = (await Client.PostJsonAsync("/integrated-account", new JsonObject
        {
            ["integration_name"] = name,
            ["tenant_id"] = "t",
            ["authentication_method"] = "api_key",
            ["context"] = new JsonObject { ["api_key"] = "tok" },
        })).Expect(HttpStatusCode.Created);
        var path = $"/proxy/repos?integrated_account_id={account["id"]!.GetValue<string>()}";
        (await Client.GetJsonAsync(path)).Expect(HttpStatusCode.OK);
        Assert.Null(github.Requests[^1].Header("X-Version"));

        (await Client.PatchJsonAsync($"/integration/{integration["id"]!.GetValue<string>()}", new JsonObject
        {
            ["config"] = new JsonObject { ["headers"] = new JsonObject { ["X-Version"] = "2" } },
        })).Expect(HttpStatusCode.OK);
        (await Client.GetJsonAsync(path)).Expect(HttpStatusCode.OK);

        Assert.Equal("2", github.Requests[^1].Header("X-Version"));
    }

    [Fact]
    public async Task A_refused_refresh_sets_needs_reauth_then_the_account_answers_401_until_reconnected()
    {
        await using var oauth = new OAuthServerSimulator { FailRefreshes = true };
        await oauth.StartAsync();
        await using var hubspot = new HubSpotSimulator(SimulatorAuth.IssuedBy(oauth), contactCount: 3);
        await hubspot.StartAsync();
        var config = JsonNode.Parse($$$"""
            {
              "base_url": "{{{hubspot.BaseUrl}}}",
              "credentials": { "format": "oauth2", "config": { "client": { "id": "{{{oauth.ClientId}}}", "secret": "{{{oauth.ClientSecret}}}" }, "auth": { "tokenHost": "{{{oauth.BaseUrl}}}" } } },
              "resources": { "contacts": { "list": { "method": "get", "path": "/crm/v3/objects/contacts", "response_path": "results" } } }
            }
            """)!.AsObject();
        var context = new JsonObject
        {
            ["oauth"] = new JsonObject
            {
                ["token"] = new JsonObject { ["access_token"] = "at-expired", ["refresh_token"] = "rt-revoked", ["expires_at"] = "2020-01-01T00:00:00.000Z" },
            },
        };
        var accountId = await ConnectAsync(config, "oauth2", context);

        var first = (await Client.GetJsonAsync($"/proxy/contacts?integrated_account_id={accountId}")).ExpectError(HttpStatusCode.Unauthorized);
        Assert.Contains("invalid_grant", first);
        var account = (await Client.GetJsonAsync($"/integrated-account/{accountId}")).Expect(HttpStatusCode.OK);
        Assert.Equal("needs_reauth", account["status"]!.GetValue<string>());
        var events = await fixture.Server.Services.GetRequiredService<StoredEventLog>()
            .ListAsync(Guid.Parse(account["environment_id"]!.GetValue<string>()), 1000, null);
        Assert.Contains(events.Items, e => e.EventType == "integrated_account:authentication_error" && (string?)e.Payload["integrated_account_id"] == accountId);

        var second = (await Client.GetJsonAsync($"/proxy/contacts?integrated_account_id={accountId}")).ExpectError(HttpStatusCode.Unauthorized);
        Assert.Contains("re-authorized", second);
        Assert.Equal(1, oauth.TokenRequestCount);
        Assert.Empty(hubspot.Requests);
        Assert.DoesNotContain(oauth.ClientSecret, fixture.Server.Logs.AllText);
    }
}
