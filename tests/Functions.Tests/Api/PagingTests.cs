using System.Net;
using System.Text.Json.Nodes;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.Api;

public sealed class PagingTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    private PlatformServer Server => fixture.Server;

    [Fact]
    public async Task Lists_page_through_250_objects_in_creation_order_without_gaps_or_repeats()
    {
        var (_, client) = await TestData.NewEnvironmentAsync(Server);
        var created = new List<string>();
        for (var i = 0; i < 250; i++)
        {
            created.Add(TestData.Id((await client.PostJsonAsync("/webhook", new JsonObject { ["target_url"] = $"https://hooks.example.com/{i}" })).Expect(HttpStatusCode.Created)));
        }

        var seen = new List<string>();
        var pages = new List<int>();
        string? cursor = null;
        do
        {
            var path = cursor is null ? "/webhook?limit=100" : $"/webhook?limit=100&next_cursor={Uri.EscapeDataString(cursor)}";
            var page = (await client.GetJsonAsync(path)).Expect(HttpStatusCode.OK);
            Assert.Equal(100, page["limit"]!.GetValue<int>());
            var items = page["result"]!.AsArray();
            Assert.True(items.Count <= 100);
            pages.Add(items.Count);
            seen.AddRange(items.Select(item => TestData.Id(item!)));
            cursor = page["next_cursor"]?.GetValue<string>();
            Assert.True(pages.Count <= 4, "paging must end");
        }
        while (cursor is not null);

        Assert.Equal(created, seen);
        Assert.Equal([100, 100, 50], pages.Where(count => count > 0));
    }

    [Fact]
    public async Task Default_limit_is_100()
    {
        var (_, client) = await TestData.NewEnvironmentAsync(Server);
        Assert.Equal(100, (await client.GetJsonAsync("/webhook")).Expect(HttpStatusCode.OK)["limit"]!.GetValue<int>());
    }
}
