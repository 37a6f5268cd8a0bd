using System.Net;
using System.Text.Json.Nodes;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.Api;

/// <summary>A token of environment A sees nothing of environment B's objects: 404, as if they did not exist.</summary>
public sealed class EnvironmentIsolationTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    private PlatformServer Server => fixture.Server;

    [Fact]
    public async Task Objects_of_another_environment_answer_404_on_read_patch_and_delete()
    {
        var (_, clientA) = await TestData.NewEnvironmentAsync(Server);
        var (_, clientB) = await TestData.NewEnvironmentAsync(Server);
        var (integration, installB) = await TestData.InstallAsync(clientB, Server.Client);
        var accountB = await TestData.CreateAccountAsync(clientB, TestData.Name(integration), "b-secret");
        var webhookB = (await clientB.PostJsonAsync("/webhook", new JsonObject { ["target_url"] = "https://hooks.example.com/b" })).Expect(HttpStatusCode.Created);

        var objects = new (string Path, JsonObject Patch)[]
        {
            ($"/environment-integration/{TestData.Id(installB)}", new JsonObject { ["is_enabled"] = false }),
            ($"/integrated-account/{TestData.Id(accountB)}", new JsonObject { ["tenant_id"] = "stolen" }),
            ($"/webhook/{TestData.Id(webhookB)}", new JsonObject { ["is_active"] = false }),
        };
        foreach (var (path, patch) in objects)
        {
            (await clientA.GetJsonAsync(path)).ExpectError(HttpStatusCode.NotFound);
            (await clientA.PatchJsonAsync(path, patch)).ExpectError(HttpStatusCode.NotFound);
            (await clientA.DeleteJsonAsync(path)).ExpectError(HttpStatusCode.NotFound);
            (await clientB.GetJsonAsync(path)).Expect(HttpStatusCode.OK);
        }

        foreach (var resource in new[] { "environment-integration", "integrated-account", "webhook" })
        {
            Assert.Empty((await clientA.GetJsonAsync($"/{resource}")).Expect(HttpStatusCode.OK)["result"]!.AsArray());
            Assert.Single((await clientB.GetJsonAsync($"/{resource}")).Expect(HttpStatusCode.OK)["result"]!.AsArray());
        }

        // B's objects are unchanged.
        Assert.Equal("tenant-1", (await clientB.GetJsonAsync($"/integrated-account/{TestData.Id(accountB)}")).Expect(HttpStatusCode.OK)["tenant_id"]!.GetValue<string>());
        Assert.True((await clientB.GetJsonAsync($"/webhook/{TestData.Id(webhookB)}")).Expect(HttpStatusCode.OK)["is_active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Another_environments_installation_cannot_be_referenced_in_a_body()
    {
        var (_, clientA) = await TestData.NewEnvironmentAsync(Server);
        var (_, clientB) = await TestData.NewEnvironmentAsync(Server);
        var (integration, installB) = await TestData.InstallAsync(clientB, Server.Client);

        (await clientA.PostJsonAsync("/integrated-account", new JsonObject
        {
            ["environment_integration_id"] = TestData.Id(installB),
            ["tenant_id"] = "t",
            ["context"] = new JsonObject { ["api_key"] = "k", ["subdomain"] = "a" },
        })).ExpectError(HttpStatusCode.NotFound);

        // The integration itself is team-level, but it is not installed in A.
        (await clientA.PostJsonAsync("/integrated-account", new JsonObject
        {
            ["integration_name"] = TestData.Name(integration),
            ["tenant_id"] = "t",
            ["context"] = new JsonObject { ["api_key"] = "k", ["subdomain"] = "a" },
        })).ExpectError(HttpStatusCode.NotFound);
        Assert.Empty((await clientB.GetJsonAsync("/integrated-account")).Expect(HttpStatusCode.OK)["result"]!.AsArray());
    }

    [Fact]
    public async Task Team_level_objects_are_visible_to_every_environment()
    {
        var (_, clientA) = await TestData.NewEnvironmentAsync(Server);
        var (_, clientB) = await TestData.NewEnvironmentAsync(Server);
        var integration = await TestData.CreateIntegrationAsync(Server.Client);
        (await clientA.GetJsonAsync($"/integration/{TestData.Id(integration)}")).Expect(HttpStatusCode.OK);
    }
}
