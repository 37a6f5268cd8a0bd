using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Platform;
using Serverless.Functions.Tests.Api;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.Security;

/// <summary>
/// Token scopes (SPEC §1): an <c>environment</c> token cannot reach another environment, directly or by
/// changing team-level objects its credentials are sent with; an <c>admin</c> token manages the team.
/// </summary>
public sealed class TokenScopeTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    private PlatformServer Server => fixture.Server;

    [Fact]
    public async Task An_environment_token_cannot_create_a_token_of_another_environment_or_an_admin_token()
    {
        var (environmentA, _) = await TestData.NewEnvironmentAsync(Server);
        var (_, clientB) = await TestData.NewEnvironmentAsync(Server);

        var message = (await clientB.PostJsonAsync("/api-token", new JsonObject { ["name"] = "x", ["environment_id"] = environmentA }))
            .ExpectError(HttpStatusCode.Forbidden);
        Assert.Contains("another environment", message);
        Assert.Contains("'admin'", (await clientB.PostJsonAsync("/api-token", new JsonObject { ["name"] = "x", ["scope"] = "admin" }))
            .ExpectError(HttpStatusCode.Forbidden));
        Assert.Contains("listing the tokens of another environment", (await clientB.GetJsonAsync($"/api-token?environment_id={environmentA}"))
            .ExpectError(HttpStatusCode.Forbidden));

        // Nothing was created in A: it still has only the token the test made for it.
        var tokensOfA = (await Server.Client.GetJsonAsync($"/api-token?environment_id={environmentA}")).Expect(HttpStatusCode.OK)["result"]!.AsArray();
        Assert.Single(tokensOfA);
        Assert.Equal("environment", tokensOfA[0]!["scope"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_environment_token_cannot_change_an_integration_another_environment_uses()
    {
        var (_, clientA) = await TestData.NewEnvironmentAsync(Server);
        var (_, clientB) = await TestData.NewEnvironmentAsync(Server);
        var (integration, _) = await TestData.InstallAsync(clientA, Server.Client);
        var path = $"/integration/{TestData.Id(integration)}";

        var message = (await clientB.PatchJsonAsync(path, new JsonObject { ["config"] = new JsonObject { ["base_url"] = "http://attacker.example" } }))
            .ExpectError(HttpStatusCode.Forbidden);
        Assert.Contains($"PATCH {path}", message);
        (await clientB.DeleteJsonAsync(path)).ExpectError(HttpStatusCode.Forbidden);

        var stored = (await clientA.GetJsonAsync(path)).Expect(HttpStatusCode.OK);
        Assert.Equal("https://api.acme.example", stored["config"]!["base_url"]!.GetValue<string>());
        Assert.Equal(1, stored["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_environment_token_cannot_redirect_its_installations_requests_and_an_admin_token_of_the_environment_can()
    {
        var (environmentId, client) = await TestData.NewEnvironmentAsync(Server);
        var integration = await TestData.CreateIntegrationAsync(Server.Client);
        var redirect = new JsonObject { ["integration_id"] = TestData.Id(integration), ["override"] = new JsonObject { ["base_url"] = "https://attacker.example" } };

        var refused = (await client.PostJsonAsync("/environment-integration", redirect)).ExpectError(HttpStatusCode.Forbidden);
        Assert.Contains("$.override.base_url: changing where the installation's requests are sent", refused, StringComparison.Ordinal);
        Assert.Contains("'admin'", refused, StringComparison.Ordinal);
        Assert.Empty((await client.GetJsonAsync("/environment-integration")).Expect(HttpStatusCode.OK)["result"]!.AsArray());

        var install = (await client.PostJsonAsync("/environment-integration", new JsonObject { ["integration_id"] = TestData.Id(integration) })).Expect(HttpStatusCode.Created);
        var path = $"/environment-integration/{TestData.Id(install)}";
        // A full URL as a method's path wins over the base URL; OAuth endpoints, action URLs are refused alike.
        var both = (await client.PatchJsonAsync(path, new JsonObject
        {
            ["override"] = new JsonObject
            {
                ["base_url"] = "https://attacker.example",
                ["resources"] = new JsonObject { ["users"] = new JsonObject { ["list"] = new JsonObject { ["path"] = "https://attacker.example/users" } } },
            },
        })).ExpectError(HttpStatusCode.Forbidden);
        Assert.Contains("$.override.base_url, $.override.resources.users.list.path: changing where", both, StringComparison.Ordinal);
        Assert.Contains("$.override.resources.users.get.path", (await client.PatchJsonAsync(path, new JsonObject
        {
            ["override"] = new JsonObject { ["resources"] = new JsonObject { ["users"] = new JsonObject { ["get"] = new JsonObject { ["path"] = "{{environment_variables.elsewhere}}/users" } } } },
        })).ExpectError(HttpStatusCode.Forbidden), StringComparison.Ordinal);

        // What stays on the integration's host is the environment's to change: a relative path, headers.
        var relative = (await client.PatchJsonAsync(path, new JsonObject
        {
            ["override"] = new JsonObject
            {
                ["headers"] = new JsonObject { ["X-Tier"] = "gold" },
                ["resources"] = new JsonObject { ["users"] = new JsonObject { ["list"] = new JsonObject { ["path"] = "/v2/users" } } },
            },
        })).Expect(HttpStatusCode.OK);
        Assert.Null(relative["override"]!["base_url"]);

        // An admin token of the environment points it at a sandbox; the environment token keeps editing the rest, but
        // cannot take the base URL back out (that changes the target too).
        using var admin = await TestData.AdminOfAsync(Server, environmentId);
        (await admin.PatchJsonAsync(path, new JsonObject { ["override"] = new JsonObject { ["base_url"] = "https://sandbox.acme.example" } })).Expect(HttpStatusCode.OK);
        var disabled = (await client.PatchJsonAsync(path, new JsonObject { ["is_enabled"] = false })).Expect(HttpStatusCode.OK);
        Assert.Equal("https://sandbox.acme.example", disabled["override"]!["base_url"]!.GetValue<string>());
        Assert.Contains("$.override.base_url", (await client.PatchJsonAsync(path, new JsonObject { ["override"] = new JsonObject { ["base_url"] = null } }))
            .ExpectError(HttpStatusCode.Forbidden), StringComparison.Ordinal);
        Assert.Equal("https://sandbox.acme.example", (await client.GetJsonAsync(path)).Expect(HttpStatusCode.OK)["override"]!["base_url"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_environment_token_cannot_redirect_the_OAuth_token_requests_that_carry_the_teams_client_secret()
    {
        var (_, client) = await TestData.NewEnvironmentAsync(Server);
        var integration = await TestData.CreateIntegrationAsync(Server.Client, config: OAuthConfig());
        var install = (await client.PostJsonAsync("/environment-integration", new JsonObject { ["integration_id"] = TestData.Id(integration) })).Expect(HttpStatusCode.Created);

        var refused = (await client.PatchJsonAsync($"/environment-integration/{TestData.Id(install)}", new JsonObject
        {
            ["override"] = new JsonObject
            {
                ["credentials"] = new JsonObject { ["config"] = new JsonObject { ["auth"] = new JsonObject { ["tokenHost"] = "https://attacker.example", ["tokenPath"] = "/steal" } } },
            },
        })).ExpectError(HttpStatusCode.Forbidden);

        Assert.Contains("$.override.credentials", refused, StringComparison.Ordinal);
        Assert.Contains(".tokenHost", refused, StringComparison.Ordinal);
        Assert.Contains(".tokenPath", refused, StringComparison.Ordinal);
    }

    private static JsonObject OAuthConfig()
    {
        var config = TestData.ApiKeyConfig();
        config["credentials"] = new JsonObject
        {
            ["format"] = "oauth2",
            ["config"] = new JsonObject
            {
                ["client"] = new JsonObject { ["id"] = "team-app", ["secret"] = "team-client-secret" },
                ["auth"] = new JsonObject { ["tokenHost"] = "https://login.acme.example", ["tokenPath"] = "/oauth/token" },
            },
        };
        return config;
    }

    [Fact]
    public async Task Team_level_writes_are_403_for_an_environment_token_and_reads_are_allowed()
    {
        var (environmentId, client) = await TestData.NewEnvironmentAsync(Server);
        var integration = await TestData.CreateIntegrationAsync(Server.Client);

        (await client.PostJsonAsync("/integration", new JsonObject { ["name"] = TestData.Unique("mine"), ["config"] = TestData.ApiKeyConfig() }))
            .ExpectError(HttpStatusCode.Forbidden);
        (await client.PostJsonAsync("/environment", new JsonObject { ["name"] = TestData.Unique("env") })).ExpectError(HttpStatusCode.Forbidden);
        (await client.PatchJsonAsync($"/environment/{environmentId}", new JsonObject { ["name"] = TestData.Unique("renamed") }))
            .ExpectError(HttpStatusCode.Forbidden);

        (await client.GetJsonAsync($"/integration/{TestData.Id(integration)}")).Expect(HttpStatusCode.OK);
        (await client.GetJsonAsync("/integration")).Expect(HttpStatusCode.OK);
        (await client.GetJsonAsync($"/environment/{environmentId}")).Expect(HttpStatusCode.OK);
        // Its own environment's objects it reads and writes.
        (await client.PostJsonAsync("/environment-integration", new JsonObject { ["integration_id"] = TestData.Id(integration) })).Expect(HttpStatusCode.Created);
        (await client.PostJsonAsync("/webhook", new JsonObject { ["target_url"] = "https://hooks.example.com/x" })).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_admin_token_manages_tokens_of_any_environment()
    {
        var (environmentId, client) = await TestData.NewEnvironmentAsync(Server);
        var created = (await Server.Client.PostJsonAsync("/api-token", new JsonObject { ["name"] = "ops", ["environment_id"] = environmentId, ["scope"] = "admin" }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal("admin", created["scope"]!.GetValue<string>());
        Assert.Equal(environmentId, created["environment_id"]!.GetValue<string>());

        using var newAdmin = Server.CreateClient(created["token"]!.GetValue<string>());
        (await newAdmin.PostJsonAsync("/environment", new JsonObject { ["name"] = TestData.Unique("by-new-admin") })).Expect(HttpStatusCode.Created);

        // An environment token of that environment sees the admin token but cannot delete it.
        Assert.Contains("deleting an admin token", (await client.DeleteJsonAsync($"/api-token/{TestData.Id(created)}")).ExpectError(HttpStatusCode.Forbidden));
        // The bootstrap admin token (environment default) deletes it by id alone.
        (await Server.Client.DeleteJsonAsync($"/api-token/{TestData.Id(created)}")).Expect(HttpStatusCode.OK);
        (await newAdmin.GetJsonAsync("/integration")).ExpectError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_unknown_scope_is_400_naming_it()
    {
        var message = (await Server.Client.PostJsonAsync("/api-token", new JsonObject { ["name"] = "x", ["scope"] = "root" })).ExpectError(HttpStatusCode.BadRequest);
        Assert.Contains("$.scope: expected one of admin, environment", message);
    }

    [Fact]
    public async Task The_admin_api_token_has_the_admin_scope()
    {
        var tokens = (await Server.Client.GetJsonAsync("/api-token")).Expect(HttpStatusCode.OK)["result"]!.AsArray();
        Assert.Contains(tokens, token => token!["name"]!.GetValue<string>() == "admin" && token["scope"]!.GetValue<string>() == "admin");
    }

    [Fact]
    public async Task The_first_generated_token_is_admin_and_an_older_token_named_by_ADMIN_API_TOKEN_is_promoted()
    {
        string olderToken;
        var directory = Directory.CreateTempSubdirectory("platform-scope-").FullName;
        try
        {
            await using (var first = await PlatformServer.StartAsync(directory, adminToken: null))
            {
                var repository = first.Services.GetRequiredService<ApiTokenRepository>();
                var defaultEnvironment = (await first.Services.GetRequiredService<EnvironmentRepository>().FindByNameAsync("default", default))!;
                var generated = (await repository.ListAsync(defaultEnvironment.Id, 10, null, default)).Items;
                Assert.Equal(ApiTokenScope.Admin, Assert.Single(generated).Scope);

                // A token stored as an environment token, as every token was before scopes existed.
                olderToken = ApiTokenRepository.NewTokenValue();
                await repository.CreateAsync("older", defaultEnvironment.Id, olderToken, ApiTokenScope.Environment, default);
                using var older = first.CreateClient(olderToken);
                (await older.PostJsonAsync("/environment", new JsonObject { ["name"] = TestData.Unique("no") })).ExpectError(HttpStatusCode.Forbidden);
            }

            await using var second = await PlatformServer.StartAsync(directory, adminToken: olderToken);
            (await second.Client.PostJsonAsync("/environment", new JsonObject { ["name"] = TestData.Unique("yes") })).Expect(HttpStatusCode.Created);
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a finalising handle; the temp directory is cleaned by the OS.
            }
        }
    }

    [Fact]
    public async Task OpenApi_names_the_scope_every_operation_needs()
    {
        using var anonymous = Server.CreateClient(token: null);
        var document = (await anonymous.GetJsonAsync("/openapi.json")).Expect(HttpStatusCode.OK);
        var paths = document["paths"]!;
        Assert.Equal("admin", paths["/integration"]!["post"]!["x-required-scope"]!.GetValue<string>());
        Assert.Equal("admin", paths["/environment/{id}"]!["patch"]!["x-required-scope"]!.GetValue<string>());
        Assert.Equal("environment", paths["/integration"]!["get"]!["x-required-scope"]!.GetValue<string>());
        Assert.Equal("environment", paths["/integrated-account"]!["post"]!["x-required-scope"]!.GetValue<string>());
        Assert.Equal("environment", paths["/link-token"]!["post"]!["x-required-scope"]!.GetValue<string>());
        Assert.Contains("Needs an `admin` API token", paths["/integration"]!["post"]!["description"]!.GetValue<string>());
        Assert.Contains("`environment`", document["components"]!["securitySchemes"]!["api_token"]!["description"]!.GetValue<string>());

        // Operations without a token (health, the connect redirects) declare an empty requirement instead.
        var secured = paths.AsObject().SelectMany(path => path.Value!.AsObject())
            .Where(operation => operation.Value!["security"] is JsonArray security && security.Any(requirement => requirement is JsonObject r && r.ContainsKey("api_token")))
            .ToList();
        Assert.NotEmpty(secured);
        Assert.All(secured, operation => Assert.Contains(operation.Value!["x-required-scope"]!.GetValue<string>(), ApiTokenScope.All));
    }
}
