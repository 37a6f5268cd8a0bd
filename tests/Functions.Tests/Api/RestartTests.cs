using System.Net;
using System.Text.Json.Nodes;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.Api;

public sealed class RestartTests
{
    [Fact]
    public async Task Everything_written_is_read_back_by_a_new_server_on_the_same_data_directory()
    {
        var directory = Directory.CreateTempSubdirectory("platform-restart-").FullName;
        try
        {
            string integrationId, accountId, webhookId, token;
            await using (var first = await PlatformServer.StartAsync(directory))
            {
                var (_, client) = await TestData.NewEnvironmentAsync(first);
                token = client.DefaultRequestHeaders.Authorization!.Parameter!;
                var (integration, _) = await TestData.InstallAsync(client, first.Client);
                integrationId = TestData.Id(integration);
                accountId = TestData.Id(await TestData.CreateAccountAsync(client, TestData.Name(integration), "restart-secret"));
                webhookId = TestData.Id((await client.PostJsonAsync("/webhook", new JsonObject { ["target_url"] = "https://hooks.example.com/r" })).Expect(HttpStatusCode.Created));
            }

            await using var second = await PlatformServer.StartAsync(directory);
            using var again = second.CreateClient(token);
            (await again.GetJsonAsync($"/integration/{integrationId}")).Expect(HttpStatusCode.OK);
            var account = (await again.GetJsonAsync($"/integrated-account/{accountId}")).Expect(HttpStatusCode.OK);
            Assert.Equal("********", account["context"]!["api_key"]!.GetValue<string>());
            (await again.GetJsonAsync($"/webhook/{webhookId}")).Expect(HttpStatusCode.OK);
            Assert.Single((await again.GetJsonAsync("/environment-integration")).Expect(HttpStatusCode.OK)["result"]!.AsArray());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Without_an_admin_token_the_first_start_creates_one_and_later_starts_do_not()
    {
        var directory = Directory.CreateTempSubdirectory("platform-bootstrap-").FullName;
        try
        {
            await using (var first = await PlatformServer.StartAsync(directory, adminToken: null))
            {
                Assert.Contains("No API token existed", first.Logs.AllText);
            }

            await using var second = await PlatformServer.StartAsync(directory, adminToken: null);
            Assert.DoesNotContain("No API token existed", second.Logs.AllText);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Admin_token_belongs_to_the_default_environment()
    {
        await using var server = await PlatformServer.StartAsync();
        var tokens = (await server.Client.GetJsonAsync("/api-token")).Expect(HttpStatusCode.OK)["result"]!.AsArray();
        var environmentId = Assert.Single(tokens)!["environment_id"]!.GetValue<string>();
        Assert.Equal("default", TestData.Name((await server.Client.GetJsonAsync($"/environment/{environmentId}")).Expect(HttpStatusCode.OK)));
    }
}
