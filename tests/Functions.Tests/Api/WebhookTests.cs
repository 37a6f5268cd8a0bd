using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Platform;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.Api;

public sealed class WebhookTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    private PlatformServer Server => fixture.Server;

    [Fact]
    public async Task Secret_is_a_uuid_returned_only_on_creation()
    {
        var (environmentId, client) = await TestData.NewEnvironmentAsync(Server);
        var created = (await client.PostJsonAsync("/webhook", new JsonObject
        {
            ["target_url"] = "https://hooks.example.com/in",
            ["event_types"] = new JsonArray("integrated_account:created", "sync_job_run:completed"),
        })).Expect(HttpStatusCode.Created);
        var secret = created["secret"]!.GetValue<string>();
        Assert.True(Guid.TryParse(secret, out _));
        Assert.True(created["is_active"]!.GetValue<bool>());
        var path = $"/webhook/{TestData.Id(created)}";

        var read = (await client.GetJsonAsync(path)).Expect(HttpStatusCode.OK);
        var list = (await client.GetJsonAsync("/webhook")).Expect(HttpStatusCode.OK);
        var patched = (await client.PatchJsonAsync(path, new JsonObject { ["is_active"] = false, ["event_types"] = new JsonArray("test") })).Expect(HttpStatusCode.OK);
        foreach (var answer in new[] { read, list, patched })
        {
            Assert.DoesNotContain(secret, answer.ToJsonString());
        }

        Assert.Null(read["secret"]);
        Assert.False(patched["is_active"]!.GetValue<bool>());
        Assert.Equal(["test"], patched["event_types"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal(secret, await Server.Services.GetRequiredService<WebhookRepository>().GetSecretAsync(Guid.Parse(TestData.Id(created)), default));
        Assert.Equal(environmentId, read["environment_id"]!.GetValue<string>());

        (await client.DeleteJsonAsync(path)).Expect(HttpStatusCode.OK);
        (await client.GetJsonAsync(path)).ExpectError(HttpStatusCode.NotFound);
        Assert.Null(await Server.Services.GetRequiredService<WebhookRepository>().GetSecretAsync(Guid.Parse(TestData.Id(created)), default));
    }

    [Fact]
    public async Task Unknown_event_types_and_bad_urls_are_400_with_their_path()
    {
        var message = (await Server.Client.PostJsonAsync("/webhook", new JsonObject
        {
            ["target_url"] = "https://hooks.example.com/in",
            ["event_types"] = new JsonArray("integrated_account:created", "account:exploded"),
        })).ExpectError(HttpStatusCode.BadRequest);
        Assert.Contains("$.event_types[1]: unknown event type 'account:exploded'", message);

        Assert.Contains("$.target_url", (await Server.Client.PostJsonAsync("/webhook", new JsonObject { ["target_url"] = "ftp://x/y" })).ExpectError(HttpStatusCode.BadRequest));
        Assert.Contains("$.target_url", (await Server.Client.PostJsonAsync("/webhook", new JsonObject { ["target_url"] = "/relative" })).ExpectError(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Private_targets_are_refused_unless_the_deployment_allows_them()
    {
        (await Server.Client.PostJsonAsync("/webhook", new JsonObject { ["target_url"] = "http://127.0.0.1:9/hook" })).Expect(HttpStatusCode.Created);

        await using var strict = await PlatformServer.StartAsync(settings: new Dictionary<string, string?> { ["ALLOW_PRIVATE_NETWORK_TARGETS"] = "false" });
        foreach (var url in new[] { "http://127.0.0.1:9/hook", "http://169.254.169.254/latest", "http://10.1.2.3/x", "http://[::1]/x", "http://localhost/x" })
        {
            Assert.Contains("$.target_url", (await strict.Client.PostJsonAsync("/webhook", new JsonObject { ["target_url"] = url })).ExpectError(HttpStatusCode.BadRequest));
        }

        (await strict.Client.PostJsonAsync("/webhook", new JsonObject { ["target_url"] = "https://93.184.215.14/hook" })).Expect(HttpStatusCode.Created);
    }
}
