using System.Net;
using System.Text.Json.Nodes;
using Serverless.Functions.Tests.Infrastructure;
using Serverless.Functions.Tests.Simulators;
using Xunit;

namespace Serverless.Functions.Tests.Proxy;

/// <summary>
/// The proxy reads tokens, accounts, installations and integrations through short-lived caches (docs/performance.md):
/// every change made through the API takes effect on the very next call, after the old value was used (so cached).
/// </summary>
public sealed class ProxyCacheInvalidationTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    private HttpClient Client => fixture.Server.Client;

    private static JsonObject Config(string baseUrl) => JsonNode.Parse($$$"""
        {
          "base_url": "{{{baseUrl}}}",
          "headers": { "X-Config": "first" },
          "credentials": { "format": "api_key", "config": { "fields": [ { "name": "api_key", "label": "Token", "type": "password", "required": true } ] } },
          "resources": { "repos": { "list": { "method": "get", "path": "/user/repos" } } }
        }
        """)!.AsObject();

    /// <summary>An installed integration and an account of it; the ids of the integration, the installation and the account.</summary>
    private async Task<(string Integration, string Installation, string Account)> ConnectAsync(string baseUrl, string apiKey)
    {
        var name = $"cached-{Guid.NewGuid():N}"[..20];
        var integration = (await Client.PostJsonAsync("/integration", new JsonObject { ["name"] = name, ["category"] = "crm", ["config"] = Config(baseUrl) }))
            .Expect(HttpStatusCode.Created)["id"]!.GetValue<string>();
        var installation = (await Client.PostJsonAsync("/environment-integration", new JsonObject { ["integration_id"] = integration }))
            .Expect(HttpStatusCode.Created)["id"]!.GetValue<string>();
        var account = (await Client.PostJsonAsync("/integrated-account", new JsonObject
        {
            ["integration_name"] = name,
            ["tenant_id"] = "tenant-1",
            ["context"] = new JsonObject { ["api_key"] = apiKey },
        })).Expect(HttpStatusCode.Created)["id"]!.GetValue<string>();
        return (integration, installation, account);
    }

    private Task<ApiAnswer> ListAsync(string account, HttpClient? client = null) =>
        (client ?? Client).GetJsonAsync($"/proxy/repos?integrated_account_id={account}");

    [Fact]
    public async Task A_deleted_api_token_is_refused_on_the_next_call()
    {
        await using var github = new GitHubSimulator("ghp_token_test", repositoryCount: 2);
        await github.StartAsync();
        var (_, _, account) = await ConnectAsync(github.BaseUrl, "ghp_token_test");
        var created = (await Client.PostJsonAsync("/api-token", new JsonObject { ["name"] = "short-lived" })).Expect(HttpStatusCode.Created);
        using var client = fixture.Server.CreateClient(created["token"]!.GetValue<string>());
        (await ListAsync(account, client)).Expect(HttpStatusCode.OK);

        (await Client.DeleteJsonAsync($"/api-token/{created["id"]!.GetValue<string>()}")).Expect(HttpStatusCode.OK);

        (await ListAsync(account, client)).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Updated_credentials_are_sent_on_the_next_call()
    {
        await using var github = new GitHubSimulator("ghp_second", repositoryCount: 2);
        await github.StartAsync();
        var (_, _, account) = await ConnectAsync(github.BaseUrl, "ghp_first");
        (await ListAsync(account)).Expect(HttpStatusCode.Unauthorized);

        (await Client.PatchJsonAsync($"/integrated-account/{account}", new JsonObject { ["context"] = new JsonObject { ["api_key"] = "ghp_second" } }))
            .Expect(HttpStatusCode.OK);

        Assert.Equal(2, (await ListAsync(account)).Expect(HttpStatusCode.OK)["result_count"]!.GetValue<int>());
        Assert.Equal(["Bearer ghp_first", "Bearer ghp_second"], github.Requests.Select(request => request.Header("Authorization")));
    }

    [Fact]
    public async Task A_deleted_account_is_not_found_on_the_next_call()
    {
        await using var github = new GitHubSimulator("ghp_deleted", repositoryCount: 2);
        await github.StartAsync();
        var (_, _, account) = await ConnectAsync(github.BaseUrl, "ghp_deleted");
        (await ListAsync(account)).Expect(HttpStatusCode.OK);

        (await Client.DeleteJsonAsync($"/integrated-account/{account}")).Expect(HttpStatusCode.OK);

        (await ListAsync(account)).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_changed_integration_config_and_installation_override_apply_to_the_next_call_and_an_uninstalled_one_is_not_found()
    {
        await using var github = new GitHubSimulator("ghp_config", repositoryCount: 2);
        await github.StartAsync();
        var (integration, installation, account) = await ConnectAsync(github.BaseUrl, "ghp_config");
        (await ListAsync(account)).Expect(HttpStatusCode.OK);

        (await Client.PatchJsonAsync($"/integration/{integration}", new JsonObject { ["config"] = new JsonObject { ["headers"] = new JsonObject { ["X-Config"] = "second" } } }))
            .Expect(HttpStatusCode.OK);
        (await ListAsync(account)).Expect(HttpStatusCode.OK);
        (await Client.PatchJsonAsync($"/environment-integration/{installation}", new JsonObject
        {
            ["override"] = new JsonObject { ["headers"] = new JsonObject { ["X-Config"] = "overridden" } },
        })).Expect(HttpStatusCode.OK);
        (await ListAsync(account)).Expect(HttpStatusCode.OK);
        Assert.Equal(["first", "second", "overridden"], github.Requests.Select(request => request.Header("X-Config")));

        (await Client.DeleteJsonAsync($"/environment-integration/{installation}")).Expect(HttpStatusCode.OK);
        (await ListAsync(account)).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_account_is_created_for_what_the_integration_name_stands_for_now_renamed_uninstalled_or_reinstalled()
    {
        await using var github = new GitHubSimulator("ghp_names", repositoryCount: 2);
        await github.StartAsync();
        var (integration, installation, _) = await ConnectAsync(github.BaseUrl, "ghp_names");
        var name = (await Client.GetJsonAsync($"/integration/{integration}")).Expect(HttpStatusCode.OK)["name"]!.GetValue<string>();
        Task<ApiAnswer> CreateAccountAsync(string integrationName) => Client.PostJsonAsync("/integrated-account", new JsonObject
        {
            ["integration_name"] = integrationName,
            ["tenant_id"] = "tenant-2",
            ["context"] = new JsonObject { ["api_key"] = "ghp_names" },
        });
        var renamed = $"renamed-{Guid.NewGuid():N}"[..20];

        (await Client.PatchJsonAsync($"/integration/{integration}", new JsonObject { ["name"] = renamed })).Expect(HttpStatusCode.OK);
        (await CreateAccountAsync(name)).ExpectError(HttpStatusCode.NotFound);
        (await CreateAccountAsync(renamed)).Expect(HttpStatusCode.Created);

        (await Client.DeleteJsonAsync($"/environment-integration/{installation}")).Expect(HttpStatusCode.OK);
        (await CreateAccountAsync(renamed)).ExpectError(HttpStatusCode.NotFound);

        (await Client.PostJsonAsync("/environment-integration", new JsonObject { ["integration_id"] = integration })).Expect(HttpStatusCode.Created);
        (await CreateAccountAsync(renamed)).Expect(HttpStatusCode.Created);
    }
}
