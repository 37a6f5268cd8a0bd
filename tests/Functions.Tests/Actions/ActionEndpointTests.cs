using System.Net;
using System.Text.Json.Nodes;
using Serverless.Functions.Tests.Infrastructure;
using Serverless.Functions.Tests.Simulators;
using Xunit;

namespace Serverless.Functions.Tests.Actions;

/// <summary><c>POST /proxy/_/{action}</c> end to end: the real server against the GitHub simulator.</summary>
public sealed class ActionEndpointTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    private HttpClient Client => fixture.Server.Client;

    internal static async Task<JsonObject> ConnectAsync(HttpClient client, JsonObject config, string apiKey, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var name = $"actions-{Guid.NewGuid():N}"[..20];
        var integration = (await client.PostJsonAsync("/integration", new JsonObject { ["name"] = name, ["category"] = "crm", ["config"] = config })).Expect(HttpStatusCode.Created);
        (await client.PostJsonAsync("/environment-integration", new JsonObject { ["integration_id"] = integration["id"]!.GetValue<string>() })).Expect(HttpStatusCode.Created);
        return (await client.PostJsonAsync("/integrated-account", new JsonObject
        {
            ["integration_name"] = name,
            ["tenant_id"] = "tenant-1",
            ["authentication_method"] = "api_key",
            ["context"] = new JsonObject { ["api_key"] = apiKey },
        })).Expect(expected).AsObject();
    }

    internal static JsonObject GitHubConfig(string baseUrl, string actions) => JsonNode.Parse($$$"""
        {
          "base_url": "{{{baseUrl}}}",
          "credentials": { "format": "api_key", "config": { "fields": [ { "name": "api_key", "type": "password", "required": true } ] } },
          "resources": { "repos": { "list": { "method": "get", "path": "/user/repos" } } },
          "actions": {{{actions}}}
        }
        """)!.AsObject();

    private const string Actions = """
        {
          "get_repo": {
            "type": "request",
            "inputs": [ { "name": "repo", "required": true }, { "name": "page", "type": "integer" } ],
            "config": { "method": "GET", "path": "/repos/octocat/{{inputs.repo}}" },
            "outputs": [
              { "name": "repo_id", "key": "id", "type": "string", "required": true },
              { "name": "stars", "key": "stargazers_count", "type": "integer" },
              { "name": "owner", "key": "owner.login" }
            ]
          },
          "needs_missing": {
            "config": { "method": "GET", "path": "/repos/octocat/repo-0001" },
            "outputs": [ { "name": "license", "key": "license.key", "required": true } ]
          },
          "count_private": {
            "steps": [
              { "type": "request", "config": { "method": "GET", "path": "/user/repos", "query": { "per_page": "{{inputs.size}}" } } },
              { "type": "transform", "expression": "{ 'private': $count($previous[private]), 'first': $previous[0].name }" },
              { "type": "update_context", "expression": "{ 'first_repo': $previous.first }" }
            ],
            "inputs": [ { "name": "size", "type": "integer", "required": true } ],
            "outputs": [ { "name": "private_count", "key": "private", "type": "integer", "required": true } ]
          }
        }
        """;

    [Fact]
    public async Task A_request_action_coerces_inputs_into_the_path_and_returns_typed_outputs()
    {
        await using var github = new GitHubSimulator("ghp_action_secret", repositoryCount: 5);
        await github.StartAsync();
        var account = await ConnectAsync(Client, GitHubConfig(github.BaseUrl, Actions), "ghp_action_secret");
        Assert.Equal("active", account["status"]!.GetValue<string>());

        var answer = await Client.PostJsonAsync($"/proxy/_/get_repo?integrated_account_id={account["id"]}", new JsonObject { ["repo"] = "repo-0003", ["page"] = "2" });
        var body = answer.Expect(HttpStatusCode.OK);

        Assert.Equal(200, body["status"]!.GetValue<int>());
        Assert.Equal("100003", body["outputs"]!["repo_id"]!.GetValue<string>());
        Assert.Equal(github.Repositories[2]["stargazers_count"]!.GetValue<int>(), body["outputs"]!["stars"]!.GetValue<long>());
        Assert.Null(body["outputs"]!["owner"]);
        Assert.Equal("/repos/octocat/repo-0003", github.Requests[^1].PathAndQuery);
        Assert.Equal("Bearer ghp_action_secret", github.Requests[^1].Header("Authorization"));
        Assert.DoesNotContain("ghp_action_secret", answer.Text);
        Assert.DoesNotContain("ghp_action_secret", fixture.Server.Logs.AllText);
    }

    [Fact]
    public async Task Bad_inputs_answer_400_naming_the_input_and_a_missing_required_output_422()
    {
        await using var github = new GitHubSimulator("tok", repositoryCount: 2);
        await github.StartAsync();
        var id = (await ConnectAsync(Client, GitHubConfig(github.BaseUrl, Actions), "tok"))["id"]!.GetValue<string>();

        var missing = (await Client.PostJsonAsync($"/proxy/_/get_repo?integrated_account_id={id}", new JsonObject())).ExpectError(HttpStatusCode.BadRequest);
        Assert.Contains("'repo'", missing);
        var wrongType = (await Client.PostJsonAsync($"/proxy/_/get_repo?integrated_account_id={id}", new JsonObject { ["repo"] = "repo-0001", ["page"] = "two" })).ExpectError(HttpStatusCode.BadRequest);
        Assert.Contains("$.page", wrongType);
        Assert.Contains("integer", wrongType);

        var output = (await Client.PostJsonAsync($"/proxy/_/needs_missing?integrated_account_id={id}", new JsonObject())).ExpectError((HttpStatusCode)422);
        Assert.Contains("'license'", output);
        var unknown = (await Client.PostJsonAsync($"/proxy/_/nope?integrated_account_id={id}", new JsonObject())).ExpectError(HttpStatusCode.NotFound);
        Assert.Contains("'nope'", unknown);
        var notJson = (await Client.SendTextAsync(HttpMethod.Post, $"/proxy/_/get_repo?integrated_account_id={id}", "{\"repo\":", "application/json")).ExpectError(HttpStatusCode.BadRequest);
        Assert.Contains("malformed JSON at line 1", notJson);
        var notObject = (await Client.SendTextAsync(HttpMethod.Post, $"/proxy/_/get_repo?integrated_account_id={id}", "[1]", "application/json")).ExpectError(HttpStatusCode.BadRequest);
        Assert.Contains("JSON object", notObject);
    }

    [Fact]
    public async Task Steps_see_the_previous_result_and_update_context_is_stored_on_the_account()
    {
        await using var github = new GitHubSimulator("tok", repositoryCount: 9);
        await github.StartAsync();
        var id = (await ConnectAsync(Client, GitHubConfig(github.BaseUrl, Actions), "tok"))["id"]!.GetValue<string>();

        var raw = await Client.PostJsonAsync($"/proxy/_/count_private?integrated_account_id={id}", new JsonObject { ["size"] = 6 });
        Assert.True(raw.Status == HttpStatusCode.OK, fixture.Server.Logs.AllText);
        var body = raw.Expect(HttpStatusCode.OK);

        // Repositories 3 and 6 of the first six are private.
        Assert.Equal(2, body["outputs"]!["private_count"]!.GetValue<long>());
        Assert.Equal("/user/repos?per_page=6", github.Requests[^1].PathAndQuery);
        var account = (await Client.GetJsonAsync($"/integrated-account/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("repo-0001", account["context"]!["first_repo"]!.GetValue<string>());
        Assert.Equal("********", account["context"]!["api_key"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_test_endpoint_returns_the_raw_response_and_every_candidate_output_key()
    {
        await using var github = new GitHubSimulator("tok", repositoryCount: 2);
        await github.StartAsync();
        var id = (await ConnectAsync(Client, GitHubConfig(github.BaseUrl, Actions), "tok"))["id"]!.GetValue<string>();

        var body = (await Client.PostJsonAsync($"/proxy/_/get_repo/test?integrated_account_id={id}", new JsonObject { ["repo"] = "repo-0002" })).Expect(HttpStatusCode.OK);

        Assert.Equal(github.Repositories[1].ToJsonString(), body["response"]!.ToJsonString());
        var keys = body["candidate_output_keys"]!.AsArray().ToDictionary(k => k!["key"]!.GetValue<string>(), k => k!["type"]!.GetValue<string>());
        Assert.Equal("integer", keys["id"]);
        Assert.Equal("string", keys["full_name"]);
        Assert.Equal("boolean", keys["private"]);
        Assert.Equal("100002", body["outputs"]!["repo_id"]!.GetValue<string>());
    }
}
