using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Xunit;

namespace Serverless.Core.Tests.Config;

/// <summary>
/// Which changes of a config change where its requests (and the credentials they carry) go: what an environment
/// token's override may not do (docs/platform-api.md).
/// </summary>
public sealed class RequestTargetsTests
{
    private const string Config = """
    {
      "base_url": "https://api.acme.example",
      "credentials": { "format": "oauth2", "config": { "client": { "id": "app", "secret": "s" }, "auth": { "tokenHost": "https://login.acme.example" } } },
      "resources": { "users": { "list": { "method": "get", "path": "/users" } } },
      "actions": { "ping": { "type": "request", "config": { "method": "get", "path": "/ping" } } }
    }
    """;

    [Theory]
    [InlineData("""{"base_url":"https://other.example"}""", "$.base_url")]
    [InlineData("""{"resources":{"users":{"list":{"base_url":"https://other.example"}}}}""", "$.resources.users.list.base_url")]
    [InlineData("""{"resources":{"users":{"list":{"path":"https://other.example/users"}}}}""", "$.resources.users.list.path")]
    [InlineData("""{"resources":{"users":{"list":{"path":"//other.example/users"}}}}""", "$.resources.users.list.path")]
    [InlineData("""{"resources":{"users":{"list":{"path":"{{environment_variables.host}}/users"}}}}""", "$.resources.users.list.path")]
    [InlineData("""{"actions":{"ping":{"config":{"url":"https://other.example/ping"}}}}""", "$.actions.ping.config.url")]
    [InlineData("""{"credentials":{"config":{"auth":{"refreshPath":"/other"}}}}""", "$.credentials.config.auth.refreshPath")]
    public void A_change_of_where_requests_go_is_reported_with_its_path(string patch, string expected)
    {
        var before = JsonNode.Parse(Config)!;

        var changed = RequestTargets.Changed(before, JsonMergePatchOf(before, patch));

        Assert.Contains(changed, path => path.EndsWith(expected[1..], StringComparison.Ordinal));
        Assert.Single(changed);
    }

    [Theory]
    [InlineData("""{"resources":{"users":{"list":{"path":"/v2/users"}}}}""")]
    [InlineData("""{"headers":{"X-Tier":"gold"},"timeout_ms":5000}""")]
    [InlineData("""{"actions":{"ping":{"config":{"path":"/health"}}}}""")]
    [InlineData("""{"credentials":{"config":{"client":{"secret":"mine"}}}}""")]
    public void Changes_that_stay_on_the_same_targets_are_not_reported(string patch)
    {
        var before = JsonNode.Parse(Config)!;

        Assert.Empty(RequestTargets.Changed(before, JsonMergePatchOf(before, patch)));
    }

    [Fact]
    public void Removing_a_target_is_a_change_too()
    {
        var before = JsonNode.Parse(Config)!;

        Assert.Equal(["$.base_url"], RequestTargets.Changed(before, JsonMergePatchOf(before, """{"base_url":null}""")));
    }

    private static JsonNode JsonMergePatchOf(JsonNode config, string patch) =>
        Serverless.Core.Json.JsonDeepMerge.Merge(config, JsonNode.Parse(patch))!;
}
