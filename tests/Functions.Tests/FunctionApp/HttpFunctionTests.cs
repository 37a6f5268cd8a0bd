using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Platform;
using Xunit;

namespace Serverless.Functions.Tests.FunctionApp;

/// <summary>
/// The HTTP functions called directly, as the worker calls them: each capability's function hands its request to
/// the platform's own routes, filters and error envelope, over the same services the standalone server uses.
/// </summary>
public sealed class HttpFunctionTests : IAsyncLifetime
{
    private FunctionAppHarness _app = null!;

    public async Task InitializeAsync() => _app = await FunctionAppHarness.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Platform_api_function_serves_health_and_the_api_resources()
    {
        var health = await _app.InvokeAsync((f, r) => f.PlatformApiAsync(r), HttpMethod.Get, "/health", token: null);
        Assert.Equal("""{"status":"ok"}""", health.Expect(HttpStatusCode.OK).ToJsonString());

        var created = (await _app.InvokeAsync((f, r) => f.PlatformApiAsync(r), HttpMethod.Post, "/webhook",
            new JsonObject { ["target_url"] = "https://hooks.example.com/platform" })).Expect(HttpStatusCode.Created);

        // Written through the same repository the standalone server and the trigger handlers use.
        var environmentId = Guid.Parse(created["environment_id"]!.GetValue<string>());
        var stored = await _app.Services.GetRequiredService<WebhookRepository>().GetAsync(environmentId, Guid.Parse(created["id"]!.GetValue<string>()), default);
        Assert.Equal("https://hooks.example.com/platform", stored!.Value.TargetUrl);
        var listed = (await _app.InvokeAsync((f, r) => f.PlatformApiAsync(r), HttpMethod.Get, "/webhook?limit=10")).Expect(HttpStatusCode.OK);
        Assert.Single(listed["result"]!.AsArray());
    }

    [Fact]
    public async Task Platform_api_function_keeps_the_bearer_check_and_the_error_envelope()
    {
        var unauthenticated = await _app.InvokeAsync((f, r) => f.PlatformApiAsync(r), HttpMethod.Get, "/environment", token: null);
        unauthenticated.ExpectError(HttpStatusCode.Unauthorized);

        var unknown = await _app.InvokeAsync((f, r) => f.PlatformApiAsync(r), HttpMethod.Get, "/environment/x/y");
        Assert.Contains("no endpoint at /environment/x/y", unknown.ExpectError(HttpStatusCode.NotFound), StringComparison.Ordinal);

        var wrongMethod = await _app.InvokeAsync((f, r) => f.PlatformApiAsync(r), HttpMethod.Delete, "/health");
        Assert.Contains("DELETE is not allowed on /health", wrongMethod.ExpectError(HttpStatusCode.MethodNotAllowed), StringComparison.Ordinal);

        var invalid = await _app.InvokeAsync((f, r) => f.PlatformApiAsync(r), HttpMethod.Post, "/integration", new JsonObject { ["surprise_field"] = 1 });
        Assert.Contains("$.surprise_field: unknown field", invalid.ExpectError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proxy_function_serves_the_proxy_routes()
    {
        var answer = await _app.InvokeAsync((f, r) => f.ProxyAsync(r), HttpMethod.Get, "/proxy/users");

        Assert.Contains("$.integrated_account_id", answer.ExpectError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_function_serves_the_connect_flow()
    {
        var link = await _app.InvokeAsync((f, r) => f.ConnectAsync(r), HttpMethod.Post, "/link-token", new JsonObject { ["integration_name"] = "acme" });
        Assert.Contains("$.tenant_id: required", link.ExpectError(HttpStatusCode.BadRequest), StringComparison.Ordinal);

        var start = await _app.InvokeAsync((f, r) => f.ConnectAsync(r), HttpMethod.Get, "/connect/acme?link_token=forged", token: null);
        Assert.True((int)start.Status is >= 400 and < 500, $"a forged link token answered {(int)start.Status}: {start.Text}");
    }

    [Fact]
    public async Task Inbound_webhooks_function_serves_both_receivers()
    {
        var account = await _app.InvokeAsync((f, r) => f.InboundWebhooksAsync(r), HttpMethod.Post,
            "/integrated-account-webhook/0f8fad5b-d9cb-469f-a165-70867728950e", new JsonObject(), token: null);
        Assert.Contains("0f8fad5b-d9cb-469f-a165-70867728950e", account.ExpectError(HttpStatusCode.NotFound), StringComparison.Ordinal);

        var install = await _app.InvokeAsync((f, r) => f.InboundWebhooksAsync(r), HttpMethod.Post,
            "/environment-integration-webhook/7c9e6679-7425-40de-944b-e07fc1f90ae7", new JsonObject(), token: null);
        Assert.Contains("7c9e6679-7425-40de-944b-e07fc1f90ae7", install.ExpectError(HttpStatusCode.NotFound), StringComparison.Ordinal);
    }
}
