using System.Net;
using System.Text.Json.Nodes;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.Api;

public sealed class EnvironmentIntegrationTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    private PlatformServer Server => fixture.Server;

    [Fact]
    public async Task An_installed_integration_cannot_be_deleted_until_its_installations_are()
    {
        var (environmentId, client) = await TestData.NewEnvironmentAsync(Server);
        var integration = await TestData.CreateIntegrationAsync(Server.Client);
        var installation = (await client.PostJsonAsync("/environment-integration", new JsonObject { ["integration_id"] = TestData.Id(integration) }))
            .Expect(HttpStatusCode.Created);
        var path = $"/integration/{TestData.Id(integration)}";

        var message = (await Server.Client.DeleteJsonAsync(path)).ExpectError(HttpStatusCode.Conflict);

        Assert.Contains(environmentId, message, StringComparison.Ordinal);
        (await client.GetJsonAsync(path)).Expect(HttpStatusCode.OK);
        (await client.DeleteJsonAsync($"/environment-integration/{TestData.Id(installation)}")).Expect(HttpStatusCode.OK);
        (await Server.Client.DeleteJsonAsync(path)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Installation_is_created_patched_listed_and_deleted()
    {
        var (environmentId, client) = await TestData.NewEnvironmentAsync(Server);
        var integration = await TestData.CreateIntegrationAsync(Server.Client);
        // Pointing the installation at a vendor sandbox changes where its requests go: an admin token of the environment.
        using var admin = await TestData.AdminOfAsync(Server, environmentId);
        var created = (await admin.PostJsonAsync("/environment-integration", new JsonObject
        {
            ["integration_id"] = TestData.Id(integration),
            ["override"] = new JsonObject { ["base_url"] = "https://sandbox.acme.example" },
            ["environment_variables"] = new JsonObject { ["client_id"] = "abc", ["region"] = "eu" },
        })).Expect(HttpStatusCode.Created);
        var path = $"/environment-integration/{TestData.Id(created)}";
        Assert.Equal(environmentId, created["environment_id"]!.GetValue<string>());
        Assert.True(created["is_enabled"]!.GetValue<bool>());

        var patched = (await client.PatchJsonAsync(path, new JsonObject
        {
            ["is_enabled"] = false,
            ["environment_variables"] = new JsonObject { ["region"] = null, ["tier"] = "gold" },
        })).Expect(HttpStatusCode.OK);
        Assert.False(patched["is_enabled"]!.GetValue<bool>());
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["client_id"] = "abc", ["tier"] = "gold" }, patched["environment_variables"]));
        Assert.Equal("https://sandbox.acme.example", patched["override"]!["base_url"]!.GetValue<string>());

        Assert.Single((await client.GetJsonAsync("/environment-integration")).Expect(HttpStatusCode.OK)["result"]!.AsArray());
        (await client.DeleteJsonAsync(path)).Expect(HttpStatusCode.OK);
        (await client.GetJsonAsync(path)).ExpectError(HttpStatusCode.NotFound);
        Assert.Empty((await client.GetJsonAsync("/environment-integration")).Expect(HttpStatusCode.OK)["result"]!.AsArray());
    }

    [Fact]
    public async Task An_integration_is_installed_once_per_environment()
    {
        var (_, client) = await TestData.NewEnvironmentAsync(Server);
        var (integration, _) = await TestData.InstallAsync(client, Server.Client);
        (await client.PostJsonAsync("/environment-integration", new JsonObject { ["integration_id"] = TestData.Id(integration) })).ExpectError(HttpStatusCode.Conflict);

        // ...but once in each environment.
        var (_, other) = await TestData.NewEnvironmentAsync(Server);
        (await other.PostJsonAsync("/environment-integration", new JsonObject { ["integration_id"] = TestData.Id(integration) })).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Unknown_integration_is_404()
    {
        (await Server.Client.PostJsonAsync("/environment-integration", new JsonObject { ["integration_id"] = Guid.NewGuid().ToString() })).ExpectError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Override_that_makes_the_merged_config_invalid_is_400()
    {
        var (_, client) = await TestData.NewEnvironmentAsync(Server);
        var integration = await TestData.CreateIntegrationAsync(Server.Client);
        var answer = await client.PostJsonAsync("/environment-integration", new JsonObject
        {
            ["integration_id"] = TestData.Id(integration),
            ["override"] = new JsonObject { ["body_format"] = "yaml" },
        });
        Assert.Contains("$.override.body_format", answer.ExpectError(HttpStatusCode.BadRequest));
        Assert.Empty((await client.GetJsonAsync("/environment-integration")).Expect(HttpStatusCode.OK)["result"]!.AsArray());
    }
}
