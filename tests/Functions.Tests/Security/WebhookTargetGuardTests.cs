using System.Net;
using System.Text.Json.Nodes;
using Serverless.Functions.Tests.Api;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.Security;

/// <summary>A webhook target is checked at creation by the same rule the delivery client applies when it connects.</summary>
public sealed class WebhookTargetGuardTests(WebhookTargetGuardTests.PublicTargetsOnlyFixture fixture) : IClassFixture<WebhookTargetGuardTests.PublicTargetsOnlyFixture>
{
    private PlatformServer Server => fixture.Server;

    [Theory]
    [InlineData("http://224.0.0.1/hook")]
    [InlineData("http://[::127.0.0.1]/hook")]
    [InlineData("http://[::ffff:10.0.0.1]/hook")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/latest/meta-data")]
    [InlineData("http://255.255.255.255/hook")]
    [InlineData("http://localhost/hook")]
    public async Task A_target_the_delivery_client_would_refuse_is_400_at_creation_and_on_patch(string target)
    {
        var message = (await Server.Client.PostJsonAsync("/webhook", new JsonObject { ["target_url"] = target })).ExpectError(HttpStatusCode.BadRequest);
        Assert.Contains("$.target_url", message);

        var created = (await Server.Client.PostJsonAsync("/webhook", new JsonObject { ["target_url"] = "https://93.184.215.14/hook" })).Expect(HttpStatusCode.Created);
        (await Server.Client.PatchJsonAsync($"/webhook/{TestData.Id(created)}", new JsonObject { ["target_url"] = target })).ExpectError(HttpStatusCode.BadRequest);
        Assert.Equal("https://93.184.215.14/hook", (await Server.Client.GetJsonAsync($"/webhook/{TestData.Id(created)}")).Expect(HttpStatusCode.OK)["target_url"]!.GetValue<string>());
    }

    public sealed class PublicTargetsOnlyFixture : PlatformServerFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["ALLOW_PRIVATE_NETWORK_TARGETS"] = "false" };
    }
}
