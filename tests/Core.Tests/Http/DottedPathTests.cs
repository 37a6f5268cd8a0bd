using System.Text.Json.Nodes;
using Serverless.Core.Http;
using Xunit;

namespace Serverless.Core.Tests.Http;

public sealed class DottedPathTests
{
    private static readonly JsonNode Body = JsonNode.Parse("""
        {"paging":{"next":{"after":"42"}},"data":[{"id":"a"},{"id":"b"}],"@odata.nextLink":"https://g/next","x-y":{"z":1}}
        """)!;

    [Theory]
    [InlineData("paging.next.after", "\"42\"")]
    [InlineData("data.0.id", "\"a\"")]
    [InlineData("data.-1.id", "\"b\"")]
    [InlineData("@odata.nextLink", "\"https://g/next\"")]
    [InlineData("x-y.z", "1")]
    public void Reads_nested_values_by_dotted_path(string path, string expected) =>
        Assert.Equal(expected, DottedPath.Read(Body, path)!.ToJsonString());

    [Theory]
    [InlineData("paging.previous")]
    [InlineData("data.5.id")]
    [InlineData("data.x")]
    public void Missing_steps_read_as_null(string path) => Assert.Null(DottedPath.Read(Body, path));

    [Fact]
    public void Response_records_are_the_array_at_the_path_or_a_single_object_wrapped() =>
        Assert.Equal(2, ResponseRecords.Extract(Body, "data").Count);
}
