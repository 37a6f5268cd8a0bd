using Serverless.Core.Errors;
using Serverless.Core.Integrations;
using Serverless.Functions.Tests.Simulators;
using Xunit;

namespace Serverless.Functions.Tests.Proxy;

/// <summary><c>error_expression</c> and <c>rate_limit</c> expressions (JSONata) applied to real vendor answers.</summary>
public sealed class ResponseExpressionProxyTests : IDisposable
{
    private readonly ProxyEngineHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private static CompiledIntegration Slack(string baseUrl, string methodExtras = "") => ProxyEngineHarness.Compile($$$"""
        {
          "base_url": "{{{baseUrl}}}/api",
          "credentials": { "format": "api_key", "config": { "fields": [ { "name": "api_key", "type": "password" } ] } },
          "error_expression": "data.ok = false ? { 'status': data.error = 'invalid_auth' ? 401 : 400, 'message': 'Slack said ' & data.error }",
          "rate_limit": {
            "is_rate_limited": "status = 429 or data.error = 'ratelimited'",
            "retry_after_header_expression": "$number(headers.'retry-after') * 2"
          },
          "pagination": { "format": "cursor", "config": { "cursor_key": "cursor", "cursor_path": "response_metadata.next_cursor" } },
          "resources": { "users": { "list": { "method": "get", "path": "/users.list", "response_path": "members" {{{methodExtras}}} } } }
        }
        """);

    [Fact]
    public async Task An_ok_false_200_becomes_the_status_and_message_the_expression_gives()
    {
        await using var slack = new SlackSimulator("xoxb-right", memberCount: 3);
        await slack.StartAsync();

        var refused = await Assert.ThrowsAsync<ApiException>(() =>
            _harness.CallAsync(Slack(slack.BaseUrl), ProxyEngineHarness.Account("api_key", """{"api_key":"xoxb-wrong"}"""), "users", "list"));

        Assert.Equal(401, refused.StatusCode);
        Assert.Equal("Slack said invalid_auth", refused.Message);
    }

    [Fact]
    public async Task Rate_limit_expressions_decide_and_compute_the_wait()
    {
        await using var slack = new SlackSimulator("xoxb-right", memberCount: 3);
        await slack.StartAsync();
        slack.RateLimitNextRequests(1, "5");

        var limited = await Assert.ThrowsAsync<ApiException>(() =>
            _harness.CallAsync(Slack(slack.BaseUrl), ProxyEngineHarness.Account("api_key", """{"api_key":"xoxb-right"}"""), "users", "list"));

        Assert.Equal(429, limited.StatusCode);
        Assert.Equal("10", limited.Headers["Retry-After"]);
    }

    [Fact]
    public async Task A_method_error_expression_replaces_the_integration_one_and_can_turn_an_error_into_a_success()
    {
        await using var slack = new SlackSimulator("xoxb-right", memberCount: 3);
        await slack.StartAsync();
        var integration = Slack(slack.BaseUrl, """, "error_expression": "data.ok = false ? { 'status': 200, 'result': { 'members': [] } }" """);

        var result = await _harness.CallAsync(integration, ProxyEngineHarness.Account("api_key", """{"api_key":"xoxb-wrong"}"""), "users", "list");

        Assert.Equal(200, result.StatusCode);
        Assert.Equal(0, (int)result.Body!["result_count"]!);
    }

    [Fact]
    public async Task An_error_expression_result_carries_headers_and_metadata_into_the_error()
    {
        await using var slack = new SlackSimulator("xoxb-right", memberCount: 3);
        await slack.StartAsync();
        var integration = Slack(slack.BaseUrl, """, "error_expression": "data.ok = false ? { 'status': 403, 'message': data.error, 'headers': { 'x-vendor-error': data.error }, 'metadata': { 'retryable': false, 'code': data.error } }" """);

        var refused = await Assert.ThrowsAsync<ApiException>(() =>
            _harness.CallAsync(integration, ProxyEngineHarness.Account("api_key", """{"api_key":"xoxb-wrong"}"""), "users", "list"));

        Assert.Equal((403, "invalid_auth"), (refused.StatusCode, refused.Message));
        Assert.Equal("invalid_auth", refused.Headers["x-vendor-error"]);
        Assert.Equal("""{"retryable":false,"code":"invalid_auth"}""", refused.Details!["metadata"]!.ToJsonString());
    }

    [Theory]
    [InlineData("true", 429)] // Truto's example: the default detection, a 429 is rate limited
    [InlineData("false", 429)] // detection off: the 429 is an ordinary vendor error, with no Retry-After of ours
    public async Task Is_rate_limited_may_be_a_boolean(string isRateLimited, int status)
    {
        await using var slack = new SlackSimulator("xoxb-right", memberCount: 3);
        await slack.StartAsync();
        slack.RateLimitNextRequests(1, "5");
        var integration = ProxyEngineHarness.Compile($$$"""
            {
              "base_url": "{{{slack.BaseUrl}}}/api",
              "credentials": { "format": "api_key", "config": { "fields": [ { "name": "api_key", "type": "password" } ] } },
              "rate_limit": { "is_rate_limited": {{{isRateLimited}}} },
              "resources": { "users": { "list": { "method": "get", "path": "/users.list", "response_path": "members" } } }
            }
            """);

        var refused = await Assert.ThrowsAsync<ApiException>(() =>
            _harness.CallAsync(integration, ProxyEngineHarness.Account("api_key", """{"api_key":"xoxb-right"}"""), "users", "list"));

        Assert.Equal(status, refused.StatusCode);
        Assert.Equal(isRateLimited == "true", refused.Headers.ContainsKey("Retry-After"));
    }
}
