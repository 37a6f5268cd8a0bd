using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Events;
using Serverless.Core.Platform;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.Api;

public sealed class IntegratedAccountTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    private PlatformServer Server => fixture.Server;

    [Fact]
    public async Task Password_fields_are_masked_on_every_read_and_never_stored_in_the_document_or_logged()
    {
        var (environmentId, client) = await TestData.NewEnvironmentAsync(Server);
        var (integration, _) = await TestData.InstallAsync(client, Server.Client);
        var secret = "sk_live_" + Guid.NewGuid().ToString("N");

        var created = await TestData.CreateAccountAsync(client, TestData.Name(integration), secret);
        var id = TestData.Id(created);
        Assert.Equal("********", created["context"]!["api_key"]!.GetValue<string>());
        Assert.Equal("acme-co", created["context"]!["subdomain"]!.GetValue<string>());
        Assert.Equal("us", created["context"]!["region"]!.GetValue<string>());
        Assert.Equal("active", created["status"]!.GetValue<string>());
        Assert.Equal(environmentId, created["environment_id"]!.GetValue<string>());

        var read = (await client.GetJsonAsync($"/integrated-account/{id}")).Expect(HttpStatusCode.OK);
        var list = (await client.GetJsonAsync("/integrated-account")).Expect(HttpStatusCode.OK);
        var patched = (await client.PatchJsonAsync($"/integrated-account/{id}", new JsonObject { ["tenant_id"] = "tenant-2" })).Expect(HttpStatusCode.OK);
        foreach (var answer in new[] { created, read, list, patched })
        {
            Assert.DoesNotContain(secret, answer.ToJsonString());
        }

        Assert.Equal("********", read["context"]!["api_key"]!.GetValue<string>());
        Assert.Equal("tenant-2", patched["tenant_id"]!.GetValue<string>());

        // The vendor-facing read gets the real value back from the secret store.
        var accounts = Server.Services.GetRequiredService<IntegratedAccountRepository>();
        var stored = await accounts.GetAsync(Guid.Parse(environmentId), Guid.Parse(id), default);
        Assert.False(stored!.Value.Context.ContainsKey("api_key"));
        Assert.Equal(secret, (await accounts.ReadContextWithSecretsAsync(stored.Value, default))["api_key"]!.GetValue<string>());

        Assert.DoesNotContain(secret, Server.Logs.AllText);
        Assert.DoesNotContain(secret, await EnvironmentAndTokenTests.ReadAllDataAsync(Server.DataDirectory));
        var events = await Server.Services.GetRequiredService<StoredEventLog>().ListAsync(Guid.Parse(environmentId), 100, null);
        Assert.DoesNotContain(secret, string.Join("", events.Items.Select(e => e.Payload.ToJsonString())));
    }

    [Fact]
    public async Task Patching_context_replaces_a_secret_and_the_mask_keeps_it()
    {
        var (environmentId, client) = await TestData.NewEnvironmentAsync(Server);
        var (integration, _) = await TestData.InstallAsync(client, Server.Client);
        var id = TestData.Id(await TestData.CreateAccountAsync(client, TestData.Name(integration), "first-secret"));
        var accounts = Server.Services.GetRequiredService<IntegratedAccountRepository>();

        async Task<string> SecretAsync()
        {
            var stored = await accounts.GetAsync(Guid.Parse(environmentId), Guid.Parse(id), default);
            return (await accounts.ReadContextWithSecretsAsync(stored!.Value, default))["api_key"]!.GetValue<string>();
        }

        var masked = await client.PatchJsonAsync($"/integrated-account/{id}", new JsonObject { ["context"] = new JsonObject { ["api_key"] = "********", ["subdomain"] = "other" } });
        Assert.Equal("other", masked.Expect(HttpStatusCode.OK)["context"]!["subdomain"]!.GetValue<string>());
        Assert.Equal("first-secret", await SecretAsync());

        (await client.PatchJsonAsync($"/integrated-account/{id}", new JsonObject { ["context"] = new JsonObject { ["api_key"] = "second-secret" } })).Expect(HttpStatusCode.OK);
        Assert.Equal("second-secret", await SecretAsync());

        var removed = await client.PatchJsonAsync($"/integrated-account/{id}", new JsonObject { ["context"] = new JsonObject { ["api_key"] = null } });
        Assert.Contains("$.context.api_key: required", removed.ExpectError(HttpStatusCode.BadRequest));
        Assert.Equal("second-secret", await SecretAsync());
    }

    [Theory]
    [InlineData("""{"subdomain": "acme"}""", "$.context.api_key: required")]
    [InlineData("""{"api_key": "k"}""", "$.context.subdomain: required")]
    [InlineData("""{"api_key": "k", "subdomain": "Not Valid!"}""", "$.context.subdomain: does not match the pattern")]
    [InlineData("""{"api_key": "k", "subdomain": "acme", "region": "mars"}""", "$.context.region: 'mars' is not one of the options (us, eu)")]
    [InlineData("""{"api_key": 42, "subdomain": "acme"}""", "$.context.api_key: expected string, got number")]
    public async Task Context_is_checked_against_the_credential_fields(string context, string expected)
    {
        var (_, client) = await TestData.NewEnvironmentAsync(Server);
        var (integration, _) = await TestData.InstallAsync(client, Server.Client);
        var body = new JsonObject { ["integration_name"] = TestData.Name(integration), ["tenant_id"] = "t", ["context"] = JsonNode.Parse(context) };
        Assert.Contains(expected, (await client.PostJsonAsync("/integrated-account", body)).ExpectError(HttpStatusCode.BadRequest));
        Assert.Empty((await client.GetJsonAsync("/integrated-account")).Expect(HttpStatusCode.OK)["result"]!.AsArray());
    }

    [Fact]
    public async Task Unknown_authentication_method_or_integration_is_refused()
    {
        var (_, client) = await TestData.NewEnvironmentAsync(Server);
        var (integration, _) = await TestData.InstallAsync(client, Server.Client);
        var body = new JsonObject { ["integration_name"] = TestData.Name(integration), ["tenant_id"] = "t", ["authentication_method"] = "oauth2", ["context"] = new JsonObject() };
        Assert.Contains("$.authentication_method", (await client.PostJsonAsync("/integrated-account", body)).ExpectError(HttpStatusCode.BadRequest));

        (await client.PostJsonAsync("/integrated-account", new JsonObject { ["integration_name"] = "no-such-integration", ["tenant_id"] = "t" })).ExpectError(HttpStatusCode.NotFound);
        Assert.Contains("$.integration_name", (await client.PostJsonAsync("/integrated-account", new JsonObject { ["tenant_id"] = "t" })).ExpectError(HttpStatusCode.BadRequest));

        // Installed in no environment of this token.
        var notInstalled = await TestData.CreateIntegrationAsync(Server.Client);
        var message = (await client.PostJsonAsync("/integrated-account", new JsonObject { ["integration_name"] = TestData.Name(notInstalled), ["tenant_id"] = "t" }))
            .ExpectError(HttpStatusCode.NotFound);
        Assert.Contains("not installed", message);
    }

    [Fact]
    public async Task Account_can_be_created_by_environment_integration_id_and_filtered_and_deleted_with_events()
    {
        var (environmentId, client) = await TestData.NewEnvironmentAsync(Server);
        var (integration, install) = await TestData.InstallAsync(client, Server.Client);
        var byId = (await client.PostJsonAsync("/integrated-account", new JsonObject
        {
            ["environment_integration_id"] = TestData.Id(install),
            ["tenant_id"] = "tenant-a",
            ["context"] = new JsonObject { ["api_key"] = "k1", ["subdomain"] = "a" },
        })).Expect(HttpStatusCode.Created);
        Assert.Equal(TestData.Name(integration), byId["integration_name"]!.GetValue<string>());
        await TestData.CreateAccountAsync(client, TestData.Name(integration), "k2", "tenant-b");

        var filtered = (await client.GetJsonAsync("/integrated-account?tenant_id=tenant-a")).Expect(HttpStatusCode.OK)["result"]!.AsArray();
        Assert.Equal(TestData.Id(byId), TestData.Id(Assert.Single(filtered)!));
        Assert.Equal(2, (await client.GetJsonAsync($"/integrated-account?integration_name={TestData.Name(integration)}")).Expect(HttpStatusCode.OK)["result"]!.AsArray().Count);
        Assert.Empty((await client.GetJsonAsync("/integrated-account?integration_name=other")).Expect(HttpStatusCode.OK)["result"]!.AsArray());

        (await client.PatchJsonAsync($"/integrated-account/{TestData.Id(byId)}", new JsonObject { ["tenant_id"] = "tenant-c" })).Expect(HttpStatusCode.OK);
        (await client.DeleteJsonAsync($"/integrated-account/{TestData.Id(byId)}")).Expect(HttpStatusCode.OK);
        (await client.GetJsonAsync($"/integrated-account/{TestData.Id(byId)}")).ExpectError(HttpStatusCode.NotFound);

        var events = (await Server.Services.GetRequiredService<StoredEventLog>().ListAsync(Guid.Parse(environmentId), 100, null)).Items;
        var forAccount = events.Where(e => e.Payload["integrated_account_id"]!.GetValue<string>() == TestData.Id(byId)).Select(e => e.EventType).ToArray();
        Assert.Equal([EventTypes.IntegratedAccountCreated, EventTypes.IntegratedAccountActive, EventTypes.IntegratedAccountUpdated, EventTypes.IntegratedAccountDeleted], forAccount);
        Assert.All(events, e => Assert.Equal(Guid.Parse(environmentId), e.EnvironmentId));
    }

    [Fact]
    public async Task Disabled_installation_refuses_new_accounts()
    {
        var (_, client) = await TestData.NewEnvironmentAsync(Server);
        var (integration, install) = await TestData.InstallAsync(client, Server.Client);
        (await client.PatchJsonAsync($"/environment-integration/{TestData.Id(install)}", new JsonObject { ["is_enabled"] = false })).Expect(HttpStatusCode.OK);
        (await client.PostJsonAsync("/integrated-account", new JsonObject
        {
            ["integration_name"] = TestData.Name(integration),
            ["tenant_id"] = "t",
            ["context"] = new JsonObject { ["api_key"] = "k", ["subdomain"] = "a" },
        })).ExpectError(HttpStatusCode.Conflict);
    }
}
