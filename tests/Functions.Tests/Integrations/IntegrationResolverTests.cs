using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Errors;
using Serverless.Core.Integrations;
using Serverless.Core.Platform;
using Serverless.Functions.Tests.Api;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.Integrations;

/// <summary>The one way from an account, an installation or an integration's name to the compiled config, over a running server's stores.</summary>
public sealed class IntegrationResolverTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    private PlatformServer Server => fixture.Server;

    private IntegrationResolver Resolver => Server.Services.GetRequiredService<IntegrationResolver>();

    [Fact]
    public async Task Every_way_in_reaches_the_same_compiled_config_until_the_integration_or_installation_changes()
    {
        var (environment, client) = await TestData.NewEnvironmentAsync(Server);
        var (integration, install) = await TestData.InstallAsync(client, Server.Client);
        var account = await TestData.CreateAccountAsync(client, TestData.Name(integration), "sk_1");
        var environmentId = Guid.Parse(environment);

        var byAccount = await Resolver.ResolveAccountAsync(environmentId, Guid.Parse(TestData.Id(account)), CancellationToken.None);
        var byName = await Resolver.ResolveInstallationAsync(environmentId, TestData.Name(integration), CancellationToken.None);
        var byInstallation = await Resolver.ResolveInstallationAsync(environmentId, Guid.Parse(TestData.Id(install)), CancellationToken.None);
        Assert.Same(byAccount.Config, byName.Config);
        Assert.Same(byAccount.Config, byInstallation.Config);
        Assert.Equal(TestData.Id(install), byAccount.Installation.Installation.Id.ToString());

        var caller = await Resolver.ReadProxyAccountAsync(byAccount, CancellationToken.None);
        Assert.Equal("sk_1", caller.Context["api_key"]!.GetValue<string>());

        (await Server.Client.PatchJsonAsync($"/integration/{TestData.Id(integration)}", new JsonObject
        {
            ["config"] = new JsonObject { ["resources"] = new JsonObject { ["teams"] = new JsonObject { ["list"] = new JsonObject { ["method"] = "get", ["path"] = "/teams" } } } },
        })).Expect(HttpStatusCode.OK);
        var changed = await Resolver.ResolveInstallationAsync(environmentId, TestData.Name(integration), CancellationToken.None);
        Assert.NotSame(byName.Config, changed.Config);
        Assert.True(changed.Config.HasResource("teams"));

        using var admin = await TestData.AdminOfAsync(Server, environment);
        (await admin.PatchJsonAsync($"/environment-integration/{TestData.Id(install)}", new JsonObject
        {
            ["override"] = new JsonObject { ["base_url"] = "https://eu.acme.example" },
        })).Expect(HttpStatusCode.OK);
        var overridden = (await Resolver.ResolveAccountAsync(environmentId, Guid.Parse(TestData.Id(account)), CancellationToken.None)).Config;
        Assert.Equal("https://eu.acme.example", overridden.Method("teams", "list").BaseUrl!.Text);
    }

    [Fact]
    public async Task Whatever_is_missing_is_a_404_naming_it()
    {
        var (environment, client) = await TestData.NewEnvironmentAsync(Server);
        var environmentId = Guid.Parse(environment);
        var missing = Guid.NewGuid();

        Assert.Equal($"integrated account {missing} not found", (await Fails(() => Resolver.ResolveAccountAsync(environmentId, missing, CancellationToken.None), 404)).Message);
        Assert.Equal($"environment integration {missing} not found", (await Fails(() => Resolver.ResolveInstallationAsync(environmentId, missing, CancellationToken.None), 404)).Message);
        Assert.Equal("integration 'no-such' not found", (await Fails(() => Resolver.ResolveInstallationAsync(environmentId, "no-such", CancellationToken.None), 404)).Message);

        var elsewhere = await TestData.CreateIntegrationAsync(Server.Client);
        Assert.Equal($"integration '{TestData.Name(elsewhere)}' is not installed in this environment",
            (await Fails(() => Resolver.ResolveInstallationAsync(environmentId, TestData.Name(elsewhere), CancellationToken.None), 404)).Message);

        // Another environment's account is as missing as one that does not exist.
        var (integration, _) = await TestData.InstallAsync(client, Server.Client);
        var account = Guid.Parse(TestData.Id(await TestData.CreateAccountAsync(client, TestData.Name(integration), "sk_2")));
        var (other, _) = await TestData.NewEnvironmentAsync(Server);
        await Fails(() => Resolver.ResolveAccountAsync(Guid.Parse(other), account, CancellationToken.None), 404);
    }

    [Fact]
    public async Task Only_an_active_account_resolves_for_calls()
    {
        var (environment, client) = await TestData.NewEnvironmentAsync(Server);
        var (integration, _) = await TestData.InstallAsync(client, Server.Client);
        var environmentId = Guid.Parse(environment);
        var id = Guid.Parse(TestData.Id(await TestData.CreateAccountAsync(client, TestData.Name(integration), "sk_3")));
        Assert.Equal(ProxyAccount.Active, (await Resolver.ResolveActiveAccountAsync(environmentId, id, CancellationToken.None)).Account.Status);

        var accounts = Server.Services.GetRequiredService<IntegratedAccountRepository>();
        await SetStatusAsync(accounts, environmentId, id, ProxyAccount.NeedsReauth);
        Assert.Contains("re-authorized", (await Fails(() => Resolver.ResolveActiveAccountAsync(environmentId, id, CancellationToken.None), 401)).Message);
        await SetStatusAsync(accounts, environmentId, id, "validation_error");
        Assert.Contains("is not active (status validation_error)", (await Fails(() => Resolver.ResolveActiveAccountAsync(environmentId, id, CancellationToken.None), 409)).Message);
    }

    private static async Task SetStatusAsync(IntegratedAccountRepository accounts, Guid environmentId, Guid id, string status)
    {
        var current = (await accounts.GetAsync(environmentId, id, CancellationToken.None))!;
        await accounts.UpdateAsync(current, current.Value with { Status = status }, new Dictionary<string, string>(), CancellationToken.None);
    }

    private static async Task<ApiException> Fails(Func<Task> resolve, int status)
    {
        var error = await Assert.ThrowsAsync<ApiException>(resolve);
        Assert.Equal(status, error.StatusCode);
        return error;
    }
}
