using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Http;
using Xunit;

namespace Serverless.Core.Tests.Http;

public sealed class QueryStringWriterTests
{
    private static JsonObject Query() => new() { ["a"] = new JsonArray(1, 2), ["q"] = "x y", ["skip"] = null };

    [Theory]
    [InlineData(QueryArrayFormat.Comma, "a=1%2C2&q=x%20y")]
    [InlineData(QueryArrayFormat.Brackets, "a%5B%5D=1&a%5B%5D=2&q=x%20y")]
    [InlineData(QueryArrayFormat.Indices, "a%5B0%5D=1&a%5B1%5D=2&q=x%20y")]
    [InlineData(QueryArrayFormat.Repeat, "a=1&a=2&q=x%20y")]
    public void Arrays_follow_the_configured_format_and_nulls_are_left_out(QueryArrayFormat format, string expected) =>
        Assert.Equal(expected, QueryStringWriter.Write(Query(), format));

    [Fact]
    public void Nested_objects_use_brackets()
    {
        var query = new JsonObject { ["f"] = new JsonObject { ["x"] = 1, ["y"] = new JsonObject { ["z"] = true } } };
        Assert.Equal("f[x]=1&f[y][z]=true", Uri.UnescapeDataString(QueryStringWriter.Write(query, QueryArrayFormat.Comma)));
    }

    [Fact]
    public void Appending_to_a_url_with_a_query_joins_with_an_ampersand()
    {
        Assert.Equal("https://x/y?a=1&b=2", QueryStringWriter.AppendTo("https://x/y?a=1", new JsonObject { ["b"] = 2 }, QueryArrayFormat.Comma));
        Assert.Equal("https://x/y", QueryStringWriter.AppendTo("https://x/y", [], QueryArrayFormat.Comma));
    }
}
