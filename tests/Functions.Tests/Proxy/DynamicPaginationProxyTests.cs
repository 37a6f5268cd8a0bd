using Serverless.Functions.Tests.Simulators;
using Xunit;

namespace Serverless.Functions.Tests.Proxy;

/// <summary><c>dynamic</c> pagination: JSONata computes the next values, templates put them on the request.</summary>
public sealed class DynamicPaginationProxyTests : IDisposable
{
    private readonly ProxyEngineHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Jira_walked_with_jsonata_pagination_values_returns_every_issue()
    {
        await using var jira = new JiraSimulator("me@example.com", "tok", issueCount: 230);
        await jira.StartAsync();
        var integration = ProxyEngineHarness.Compile($$$"""
            {
              "base_url": "{{{jira.BaseUrl}}}",
              "credentials": { "format": "api_key", "config": { "fields": [ { "name": "email" }, { "name": "api_token", "type": "password" } ] } },
              "authorization": { "format": "basic", "config": { "username": "{{email}}", "password": "{{api_token}}" } },
              "pagination": {
                "format": "dynamic",
                "config": {
                  "get_initial_pagination_values_expression": "{ 'start': 0, 'size': limit ? limit : 50 }",
                  "get_cursor_from_response_expression": "data.startAt + $count(data.issues)",
                  "get_pagination_values_expression": "cursor >= data.total ? null : { 'start': cursor, 'size': pagination.size }"
                }
              },
              "resources": { "issues": { "list": { "method": "get", "path": "/rest/api/3/search", "query": { "startAt": "{{pagination.start}}", "maxResults": "{{pagination.size}}" }, "response_path": "issues" } } }
            }
            """);

        var (records, pages) = await _harness.ListAllAsync(integration, ProxyEngineHarness.Account("api_key", """{"email":"me@example.com","api_token":"tok"}"""), "issues", limit: 100);

        SimulatorTestClient.AssertSameRecords(jira.Issues, records);
        Assert.Equal(3, pages);
        Assert.Equal(["0", "100", "200"], jira.Requests.Select(request => request.Query("startAt")));
        Assert.All(jira.Requests, request => Assert.Equal("100", request.Query("maxResults")));
    }
}
