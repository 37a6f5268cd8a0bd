using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Events;
using Serverless.Functions.Tests.Actions;
using Serverless.Functions.Tests.Infrastructure;
using Serverless.Functions.Tests.Simulators;
using Xunit;

namespace Serverless.Functions.Tests.Lifecycle;

/// <summary>SPEC §4 lifecycle end to end: post_install and validation actions decide the new account's status.</summary>
public sealed class AccountLifecycleTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    private HttpClient Client => fixture.Server.Client;

    private const string LifecycleActions = """
        {
          "post_install": {
            "steps": [
              { "type": "request", "config": { "method": "GET", "path": "/repos/octocat/repo-0001" } },
              { "type": "update_context", "expression": "{ 'default_repo_id': $previous.id }" }
            ]
          },
          "validation": { "config": { "method": "GET", "path": "/user/repos" } }
        }
        """;

    private async Task<List<PlatformEvent>> EventsForAsync(JsonObject account)
    {
        var page = await fixture.Server.Services.GetRequiredService<StoredEventLog>().ListAsync(Guid.Parse(account["environment_id"]!.GetValue<string>()), 1000, null);
        return page.Items.Where(e => e.Payload["integrated_account_id"]?.GetValue<string>() == account["id"]!.GetValue<string>()).ToList();
    }

    [Fact]
    public async Task Good_credentials_run_post_install_then_validation_and_become_active()
    {
        await using var github = new GitHubSimulator("ghp_lifecycle_ok", repositoryCount: 3);
        await github.StartAsync();

        var account = await ActionEndpointTests.ConnectAsync(Client, ActionEndpointTests.GitHubConfig(github.BaseUrl, LifecycleActions), "ghp_lifecycle_ok");

        Assert.Equal("active", account["status"]!.GetValue<string>());
        Assert.Equal(["/repos/octocat/repo-0001", "/user/repos"], github.Requests.Select(r => r.PathAndQuery).ToArray());
        var read = (await Client.GetJsonAsync($"/integrated-account/{account["id"]}")).Expect(HttpStatusCode.OK);
        Assert.Equal(100001, read["context"]!["default_repo_id"]!.GetValue<int>());
        var types = (await EventsForAsync(account)).Select(e => e.EventType).ToList();
        Assert.Equal(["integrated_account:created", "integrated_account:active"], types);
    }

    [Fact]
    public async Task Without_lifecycle_actions_an_account_is_stored_active_at_once_and_still_announced_active()
    {
        await using var github = new GitHubSimulator("ghp_no_actions", repositoryCount: 1);
        await github.StartAsync();

        var account = await ActionEndpointTests.ConnectAsync(Client, ActionEndpointTests.GitHubConfig(github.BaseUrl, "{}"), "ghp_no_actions");

        Assert.Equal("active", account["status"]!.GetValue<string>());
        Assert.Empty(github.Requests);
        var events = await EventsForAsync(account);
        Assert.Equal(["integrated_account:created", "integrated_account:active"], events.Select(e => e.EventType));
        // Never stored connecting: the created event already carries the final status.
        Assert.All(events, e => Assert.Equal("active", e.Payload["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_failing_post_install_stops_at_post_install_error_with_an_event()
    {
        await using var github = new GitHubSimulator("right", repositoryCount: 3);
        await github.StartAsync();

        var account = await ActionEndpointTests.ConnectAsync(Client, ActionEndpointTests.GitHubConfig(github.BaseUrl, LifecycleActions), "wrong");

        Assert.Equal("post_install_error", account["status"]!.GetValue<string>());
        Assert.Single(github.Requests);
        var failed = (await EventsForAsync(account)).Single(e => e.EventType == "integrated_account:post_install_error");
        Assert.Contains("401", failed.Payload["error"]!.GetValue<string>());
        Assert.DoesNotContain("wrong", failed.Payload.ToJsonString().Replace("wrong_", ""));
    }

    [Fact]
    public async Task A_falsy_validation_result_is_a_validation_error_and_validate_reports_the_vendor_answer()
    {
        await using var github = new GitHubSimulator("tok", repositoryCount: 0);
        await github.StartAsync();
        var validationOnly = """{ "validation": { "config": { "method": "GET", "path": "/user/repos" } } }""";

        var account = await ActionEndpointTests.ConnectAsync(Client, ActionEndpointTests.GitHubConfig(github.BaseUrl, validationOnly), "tok");

        // An empty repository list is a falsy result.
        Assert.Equal("validation_error", account["status"]!.GetValue<string>());
        Assert.Contains("integrated_account:validation_error", (await EventsForAsync(account)).Select(e => e.EventType));
        var blocked = (await Client.PostJsonAsync($"/proxy/_/validation?integrated_account_id={account["id"]}", new JsonObject())).ExpectError(HttpStatusCode.Conflict);
        Assert.Contains("validation_error", blocked);

        var report = (await Client.PostJsonAsync($"/integrated-account/{account["id"]}/validate", new JsonObject())).Expect(HttpStatusCode.OK);
        Assert.False(report["valid"]!.GetValue<bool>());
        Assert.Equal(200, report["status"]!.GetValue<int>());
        Assert.Equal("[]", report["body"]!.ToJsonString());
    }

    [Fact]
    public async Task Validate_on_a_revoked_key_reports_the_vendor_401_and_moves_the_account_to_validation_error()
    {
        await using var github = new GitHubSimulator("tok", repositoryCount: 2);
        await github.StartAsync();
        var validationOnly = """{ "validation": { "config": { "method": "GET", "path": "/user/repos" } } }""";
        var account = await ActionEndpointTests.ConnectAsync(Client, ActionEndpointTests.GitHubConfig(github.BaseUrl, validationOnly), "tok");
        Assert.Equal("active", account["status"]!.GetValue<string>());

        (await Client.PatchJsonAsync($"/integrated-account/{account["id"]}", new JsonObject { ["context"] = new JsonObject { ["api_key"] = "revoked" } })).Expect(HttpStatusCode.OK);
        var report = (await Client.PostJsonAsync($"/integrated-account/{account["id"]}/validate", new JsonObject())).Expect(HttpStatusCode.OK);

        Assert.False(report["valid"]!.GetValue<bool>());
        Assert.Equal(401, report["status"]!.GetValue<int>());
        Assert.Equal("Bad credentials", report["body"]!["message"]!.GetValue<string>());
        Assert.Equal("validation_error", report["account_status"]!.GetValue<string>());
        Assert.DoesNotContain("revoked", fixture.Server.Logs.AllText);
    }
}
