using System.Net;
using System.Text.Json.Nodes;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.Api;

public sealed class EnvironmentAndTokenTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    private PlatformServer Server => fixture.Server;

    [Fact]
    public async Task Environment_is_created_read_renamed_and_listed()
    {
        var name = TestData.Unique("staging");
        var created = (await Server.Client.PostJsonAsync("/environment", new JsonObject { ["name"] = name })).Expect(HttpStatusCode.Created);
        var id = TestData.Id(created);
        Assert.True(Guid.TryParse(id, out _));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", created["created_at"]!.GetValue<string>());

        Assert.Equal(name, TestData.Name((await Server.Client.GetJsonAsync($"/environment/{id}")).Expect(HttpStatusCode.OK)));

        var renamed = (await Server.Client.PatchJsonAsync($"/environment/{id}", new JsonObject { ["name"] = name + "-2" })).Expect(HttpStatusCode.OK);
        Assert.Equal(name + "-2", TestData.Name(renamed));

        var list = (await Server.Client.GetJsonAsync("/environment?limit=1000")).Expect(HttpStatusCode.OK);
        Assert.Contains(list["result"]!.AsArray(), e => TestData.Id(e!) == id && TestData.Name(e!) == name + "-2");
        Assert.Contains(list["result"]!.AsArray(), e => TestData.Name(e!) == "default");
        Assert.Equal(1000, list["limit"]!.GetValue<int>());

        // The old name is free again, the new one is taken.
        (await Server.Client.PostJsonAsync("/environment", new JsonObject { ["name"] = name })).Expect(HttpStatusCode.Created);
        (await Server.Client.PostJsonAsync("/environment", new JsonObject { ["name"] = name + "-2" })).ExpectError(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Renaming_onto_a_taken_name_is_409()
    {
        var first = (await Server.Client.PostJsonAsync("/environment", new JsonObject { ["name"] = TestData.Unique("a") })).Expect(HttpStatusCode.Created);
        var second = (await Server.Client.PostJsonAsync("/environment", new JsonObject { ["name"] = TestData.Unique("b") })).Expect(HttpStatusCode.Created);
        (await Server.Client.PatchJsonAsync($"/environment/{TestData.Id(second)}", new JsonObject { ["name"] = TestData.Name(first) })).ExpectError(HttpStatusCode.Conflict);
        Assert.Equal(TestData.Name(second), TestData.Name((await Server.Client.GetJsonAsync($"/environment/{TestData.Id(second)}")).Expect(HttpStatusCode.OK)));
    }

    [Fact]
    public async Task Missing_environment_is_404()
    {
        (await Server.Client.GetJsonAsync($"/environment/{Guid.NewGuid()}")).ExpectError(HttpStatusCode.NotFound);
        (await Server.Client.PatchJsonAsync($"/environment/{Guid.NewGuid()}", new JsonObject { ["name"] = "x" })).ExpectError(HttpStatusCode.NotFound);
        (await Server.Client.PostJsonAsync("/api-token", new JsonObject { ["name"] = "t", ["environment_id"] = Guid.NewGuid().ToString() })).ExpectError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Token_value_is_returned_only_on_creation_and_works_until_deleted()
    {
        var (environmentId, client) = await TestData.NewEnvironmentAsync(Server);
        var created = (await client.PostJsonAsync("/api-token", new JsonObject { ["name"] = "ci" })).Expect(HttpStatusCode.Created);
        var token = created["token"]!.GetValue<string>();
        Assert.Equal(environmentId, created["environment_id"]!.GetValue<string>());
        Assert.True(token.Length >= 43, "a 256-bit token");

        using var tokenClient = Server.CreateClient(token);
        var list = (await tokenClient.GetJsonAsync("/api-token")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, list["result"]!.AsArray().Count);
        Assert.All(list["result"]!.AsArray(), t => Assert.Null(t!["token"]));
        Assert.DoesNotContain(token, list.ToJsonString());

        (await tokenClient.DeleteJsonAsync($"/api-token/{TestData.Id(created)}")).Expect(HttpStatusCode.OK);
        (await tokenClient.GetJsonAsync("/api-token")).ExpectError(HttpStatusCode.Unauthorized);
        (await client.DeleteJsonAsync($"/api-token/{TestData.Id(created)}")).ExpectError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Token_of_another_environment_cannot_be_listed_or_deleted()
    {
        var (_, clientA) = await TestData.NewEnvironmentAsync(Server);
        var (_, clientB) = await TestData.NewEnvironmentAsync(Server);
        var tokenB = (await clientB.PostJsonAsync("/api-token", new JsonObject { ["name"] = "b" })).Expect(HttpStatusCode.Created);

        Assert.DoesNotContain((await clientA.GetJsonAsync("/api-token")).Expect(HttpStatusCode.OK)["result"]!.AsArray(), t => TestData.Id(t!) == TestData.Id(tokenB));
        (await clientA.DeleteJsonAsync($"/api-token/{TestData.Id(tokenB)}")).ExpectError(HttpStatusCode.NotFound);
        using var stillWorks = Server.CreateClient(tokenB["token"]!.GetValue<string>());
        (await stillWorks.GetJsonAsync("/api-token")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Tokens_are_stored_hashed()
    {
        var created = (await Server.Client.PostJsonAsync("/api-token", new JsonObject { ["name"] = "hash-check" })).Expect(HttpStatusCode.Created);
        var token = created["token"]!.GetValue<string>();
        Assert.True(File.Exists(Path.Combine(Server.DataDirectory, "storage.db")));
        var stored = await ReadAllDataAsync(Server.DataDirectory);
        Assert.Contains(TestData.Id(created), stored);
        Assert.DoesNotContain(token, stored);
    }

    internal static async Task<string> ReadAllDataAsync(string directory)
    {
        var text = new System.Text.StringBuilder();
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
            text.Append(await reader.ReadToEndAsync());
        }

        return text.ToString();
    }
}
