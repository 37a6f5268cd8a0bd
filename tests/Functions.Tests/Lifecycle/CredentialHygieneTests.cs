using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Events;
using Serverless.Functions.Tests.Api;
using Serverless.Functions.Tests.Infrastructure;
using Serverless.Functions.Tests.Simulators;
using Xunit;

namespace Serverless.Functions.Tests.Lifecycle;

/// <summary>OAuth tokens and other secret-bearing context fields given on import live in the secret store and never come back.</summary>
public sealed class CredentialHygieneTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    private HttpClient Client => fixture.Server.Client;

    [Fact]
    public async Task Imported_oauth_tokens_are_masked_on_every_read_and_stored_only_in_the_secret_store()
    {
        const string access = "ya29.hygiene-access-value";
        const string refresh = "1//hygiene-refresh-value";
        const string clientSecret = "hygiene-client-secret-value";
        await using var github = new GitHubSimulator(access, repositoryCount: 2);
        await github.StartAsync();
        var name = $"hygiene-{Guid.NewGuid():N}"[..20];
        var config = JsonNode.Parse($$$"""
            {
              "base_url": "{{{github.BaseUrl}}}",
              "credentials": { "format": "oauth2", "config": { "client": { "id": "cid", "secret": "cs" }, "auth": { "tokenHost": "http://127.0.0.1:1", "tokenPath": "/token" } } },
              "resources": { "repos": { "get": { "method": "get", "path": "/repos/octocat/{{id}}" } } }
            }
            """)!;
        var integration = (await Client.PostJsonAsync("/integration", new JsonObject { ["name"] = name, ["category"] = "crm", ["config"] = config })).Expect(HttpStatusCode.Created);
        (await Client.PostJsonAsync("/environment-integration", new JsonObject { ["integration_id"] = integration["id"]!.GetValue<string>() })).Expect(HttpStatusCode.Created);

        var created = await Client.PostJsonAsync("/integrated-account", new JsonObject
        {
            ["integration_name"] = name,
            ["tenant_id"] = "tenant-1",
            ["authentication_method"] = "oauth2",
            ["context"] = new JsonObject
            {
                ["oauth"] = new JsonObject { ["token"] = new JsonObject { ["access_token"] = access, ["refresh_token"] = refresh, ["expires_at"] = DateTimeOffset.UtcNow.AddHours(1).ToString("O") } },
                ["client_secret"] = clientSecret,
                ["portal_id"] = "p-42",
            },
        });
        var account = created.Expect(HttpStatusCode.Created);
        var id = account["id"]!.GetValue<string>();
        Assert.Equal("********", account["context"]!["oauth"]!.GetValue<string>());
        Assert.Equal("********", account["context"]!["client_secret"]!.GetValue<string>());
        Assert.Equal("p-42", account["context"]!["portal_id"]!.GetValue<string>());

        // A PATCH that sends the masks back keeps the secrets; one that changes a plain field leaves them alone.
        var patched = await Client.PatchJsonAsync($"/integrated-account/{id}", new JsonObject { ["context"] = new JsonObject { ["oauth"] = "********", ["portal_id"] = "p-43" } });
        patched.Expect(HttpStatusCode.OK);
        var read = await Client.GetJsonAsync($"/integrated-account/{id}");
        var list = await Client.GetJsonAsync($"/integrated-account?integration_name={name}");
        Assert.Equal("p-43", read.Expect(HttpStatusCode.OK)["context"]!["portal_id"]!.GetValue<string>());

        // The vendor still gets the token: it is read back from the secret store.
        var repo = await Client.GetJsonAsync($"/proxy/repos/repo-0001?integrated_account_id={id}");
        repo.Expect(HttpStatusCode.OK);
        Assert.Equal($"Bearer {access}", github.Requests[^1].Header("Authorization"));

        var events = await fixture.Server.Services.GetRequiredService<StoredEventLog>().ListAsync(Guid.Parse(account["environment_id"]!.GetValue<string>()), 1000, null);
        var data = await EnvironmentAndTokenTests.ReadAllDataAsync(fixture.Server.DataDirectory);
        foreach (var secret in new[] { access, refresh, clientSecret })
        {
            foreach (var answer in new[] { created, patched, read, list, repo }) Assert.DoesNotContain(secret, answer.Text);
            Assert.DoesNotContain(secret, fixture.Server.Logs.AllText);
            Assert.DoesNotContain(secret, string.Join("", events.Items.Select(e => e.Payload.ToJsonString())));
            Assert.DoesNotContain(secret, data);
        }
    }
}
