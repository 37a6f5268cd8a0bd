using System.Text.Json.Nodes;
using Serverless.Core.Errors;
using Serverless.Functions.Tests.Simulators;
using Xunit;

namespace Serverless.Functions.Tests.Proxy;

/// <summary>The proxy pipeline against API-key vendors' simulators: every record of every page, auth, errors, rate limits.</summary>
public sealed class ApiKeyVendorProxyTests : IDisposable
{
    private readonly ProxyEngineHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private static string GitHubConfig(string baseUrl, int? timeoutMs = null) => $$$"""
        {
          "base_url": "{{{baseUrl}}}",
          {{{(timeoutMs is null ? "" : $"\"timeout_ms\": {timeoutMs},")}}}
          "headers": { "Accept": "application/vnd.github+json", "X-Removed": "x" },
          "credentials": { "format": "api_key", "config": { "fields": [ { "name": "api_key", "type": "password", "required": true } ] } },
          "pagination": { "format": "link_header", "config": { "limit_key": "per_page" } },
          "resources": {
            "repos": {
              "list": { "method": "get", "path": "/user/repos", "headers": { "X-Removed": null }, "query": { "type": "owner" } },
              "get": { "method": "get", "path": "/repos/octocat/{{id}}" }
            }
          }
        }
        """;

    [Fact]
    public async Task GitHub_link_header_pages_return_every_repository_with_the_default_bearer_auth()
    {
        await using var github = new GitHubSimulator("ghp_secret_value", repositoryCount: 205);
        await github.StartAsync();
        var integration = ProxyEngineHarness.Compile(GitHubConfig(github.BaseUrl));
        var account = ProxyEngineHarness.Account("api_key", """{"api_key":"ghp_secret_value"}""");

        var (records, pages) = await _harness.ListAllAsync(integration, account, "repos", limit: 50);

        SimulatorTestClient.AssertSameRecords(github.Repositories, records);
        Assert.Equal(5, pages);
        var first = github.Requests[0];
        Assert.Equal("/user/repos?type=owner&per_page=50", first.PathAndQuery);
        Assert.Equal("Bearer ghp_secret_value", first.Header("Authorization"));
        Assert.Equal("application/vnd.github+json", first.Header("Accept"));
        Assert.Null(first.Header("X-Removed"));
        // Links are followed exactly: the method's query is not added next to the link's.
        Assert.All(github.Requests.Skip(1), request => Assert.Null(request.Query("type")));
        Assert.DoesNotContain("ghp_secret_value", _harness.Logs.AllText);
    }

    [Fact]
    public async Task A_get_returns_the_vendor_body_and_a_wrong_key_answers_the_vendor_401()
    {
        await using var github = new GitHubSimulator("ghp_right", repositoryCount: 3);
        await github.StartAsync();
        var integration = ProxyEngineHarness.Compile(GitHubConfig(github.BaseUrl));

        var found = await _harness.CallAsync(integration, ProxyEngineHarness.Account("api_key", """{"api_key":"ghp_right"}"""), "repos", "get", id: "repo-0002");
        Assert.Equal(github.Repositories[1].ToJsonString(), found.Body!.ToJsonString());

        var refused = await Assert.ThrowsAsync<ApiException>(() =>
            _harness.CallAsync(integration, ProxyEngineHarness.Account("api_key", """{"api_key":"ghp_wrong"}"""), "repos", "get", id: "repo-0002"));
        Assert.Equal(401, refused.StatusCode);
        Assert.Equal("Bad credentials", (string?)refused.Details!["vendor_body"]!["message"]);
        Assert.DoesNotContain("ghp_wrong", refused.Message);
    }

    [Theory]
    [InlineData("7", "7")]
    [InlineData(null, "60")]
    public async Task A_vendor_429_answers_429_with_retry_after_seconds(string? retryAfter, string expected)
    {
        await using var github = new GitHubSimulator("t", repositoryCount: 3);
        await github.StartAsync();
        github.RateLimitNextRequests(1, retryAfter ?? "");
        var integration = ProxyEngineHarness.Compile(GitHubConfig(github.BaseUrl));

        var limited = await Assert.ThrowsAsync<ApiException>(() => _harness.CallAsync(integration, ProxyEngineHarness.Account("api_key", """{"api_key":"t"}"""), "repos", "list"));
        Assert.Equal(429, limited.StatusCode);
        Assert.Equal(expected, limited.Headers["Retry-After"]);
    }

    [Fact]
    public async Task An_http_date_retry_after_becomes_seconds()
    {
        await using var github = new GitHubSimulator("t", repositoryCount: 3);
        await github.StartAsync();
        github.RateLimitNextRequests(1, DateTimeOffset.UtcNow.AddSeconds(120).ToString("r"));
        var integration = ProxyEngineHarness.Compile(GitHubConfig(github.BaseUrl));

        var limited = await Assert.ThrowsAsync<ApiException>(() => _harness.CallAsync(integration, ProxyEngineHarness.Account("api_key", """{"api_key":"t"}"""), "repos", "list"));
        Assert.InRange(int.Parse(limited.Headers["Retry-After"], System.Globalization.CultureInfo.InvariantCulture), 115, 121);
    }

    [Fact]
    public async Task A_slow_vendor_is_a_504_and_an_unreachable_one_a_502()
    {
        await using var github = new GitHubSimulator("t", repositoryCount: 3) { ResponseDelay = TimeSpan.FromSeconds(1) };
        await github.StartAsync();
        var account = ProxyEngineHarness.Account("api_key", """{"api_key":"t"}""");

        var slow = await Assert.ThrowsAsync<ApiException>(() => _harness.CallAsync(ProxyEngineHarness.Compile(GitHubConfig(github.BaseUrl, timeoutMs: 200)), account, "repos", "list"));
        Assert.Equal(504, slow.StatusCode);
        Assert.Contains("200 ms", slow.Message);

        var unreachable = await Assert.ThrowsAsync<ApiException>(() => _harness.CallAsync(ProxyEngineHarness.Compile(GitHubConfig("http://127.0.0.1:1")), account, "repos", "list"));
        Assert.Equal(502, unreachable.StatusCode);
        Assert.Contains("127.0.0.1:1", unreachable.Message);
    }

    [Fact]
    public async Task Stripe_cursor_from_the_last_record_with_basic_auth_and_a_form_create()
    {
        await using var stripe = new StripeSimulator("sk_test_secret", customerCount: 230);
        await stripe.StartAsync();
        var integration = ProxyEngineHarness.Compile($$$"""
            {
              "base_url": "{{{stripe.BaseUrl}}}/v1",
              "credentials": { "format": "api_key", "config": { "fields": [ { "name": "api_key", "type": "password" } ] } },
              "authorization": { "format": "basic", "config": { "username": "{{api_key}}" } },
              "pagination": { "format": "cursor", "config": { "cursor_key": "starting_after", "cursor_path": "data.-1.id", "has_more_path": "has_more", "max_limit": 100 } },
              "resources": {
                "customers": {
                  "list": { "method": "get", "path": "/customers", "response_path": "data" },
                  "create": { "method": "post", "path": "/customers", "body_format": "form", "body": { "email": "{{body.email}}", "name": "{{body.name}}" } }
                }
              }
            }
            """);
        var account = ProxyEngineHarness.Account("api_key", """{"api_key":"sk_test_secret"}""");

        var (records, pages) = await _harness.ListAllAsync(integration, account, "customers", limit: 500);
        SimulatorTestClient.AssertSameRecords(stripe.Customers, records);
        Assert.Equal(3, pages);
        Assert.All(stripe.Requests, request => Assert.Equal("100", request.Query("limit")));

        var created = await _harness.CallAsync(integration, account, "customers", "create", body: JsonNode.Parse("""{"email":"new@example.com","name":"New One"}"""));
        Assert.Equal("new@example.com", (string?)created.Body!["email"]);
        Assert.Equal("email=new%40example.com&name=New+One", stripe.Requests[^1].Body);
    }

    [Fact]
    public async Task Slack_cursor_pages_until_the_empty_next_cursor()
    {
        await using var slack = new SlackSimulator("xoxb-secret", memberCount: 275);
        await slack.StartAsync();
        var integration = ProxyEngineHarness.Compile($$$"""
            {
              "base_url": "{{{slack.BaseUrl}}}/api",
              "credentials": { "format": "api_key", "config": { "fields": [ { "name": "api_key", "type": "password" } ] } },
              "pagination": { "format": "cursor", "config": { "cursor_key": "cursor", "cursor_path": "response_metadata.next_cursor" } },
              "resources": { "users": { "list": { "method": "get", "path": "/users.list", "response_path": "members" } } }
            }
            """);

        var (records, pages) = await _harness.ListAllAsync(integration, ProxyEngineHarness.Account("api_key", """{"api_key":"xoxb-secret"}"""), "users", limit: 100);
        SimulatorTestClient.AssertSameRecords(slack.Members, records);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task Jira_offset_pages_with_email_and_token_basic_auth_stop_at_the_total()
    {
        await using var jira = new JiraSimulator("me@example.com", "jira-secret", issueCount: 320);
        await jira.StartAsync();
        var integration = ProxyEngineHarness.Compile($$$"""
            {
              "base_url": "{{{jira.BaseUrl}}}",
              "credentials": { "format": "api_key", "config": { "fields": [ { "name": "email" }, { "name": "api_token", "type": "password" } ] } },
              "authorization": { "format": "basic", "config": { "username": "{{email}}", "password": "{{api_token}}" } },
              "pagination": { "format": "offset", "config": { "offset_key": "startAt", "limit_key": "maxResults", "total_path": "total" } },
              "resources": { "issues": { "list": { "method": "get", "path": "/rest/api/3/search", "query": { "jql": "project = PROJ" }, "response_path": "issues" } } }
            }
            """);

        var (records, pages) = await _harness.ListAllAsync(integration, ProxyEngineHarness.Account("api_key", """{"email":"me@example.com","api_token":"jira-secret"}"""), "issues", limit: 100);
        SimulatorTestClient.AssertSameRecords(jira.Issues, records);
        Assert.Equal(4, pages);
        Assert.Equal(4, jira.Requests.Count);
        Assert.Equal("project = PROJ", jira.Requests[3].Query("jql"));
        Assert.Equal("300", jira.Requests[3].Query("startAt"));
    }

    [Fact]
    public async Task A_tampered_cursor_is_a_400_and_an_unknown_method_a_404()
    {
        var integration = ProxyEngineHarness.Compile(GitHubConfig("http://127.0.0.1:1"));
        var account = ProxyEngineHarness.Account("api_key", """{"api_key":"t"}""");
        Assert.Equal(400, (await Assert.ThrowsAsync<ApiException>(() => _harness.CallAsync(integration, account, "repos", "list", cursor: "%%%"))).StatusCode);
        Assert.Equal(404, (await Assert.ThrowsAsync<ApiException>(() => _harness.CallAsync(integration, account, "repos", "delete", id: "1"))).StatusCode);
        Assert.Equal(404, (await Assert.ThrowsAsync<ApiException>(() => _harness.CallAsync(integration, account, "nothing", "list"))).StatusCode);
    }
}
