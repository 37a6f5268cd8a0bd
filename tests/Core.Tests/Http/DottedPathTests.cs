using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Http;
using Xunit;

namespace Serverless.Core.Tests.Http;

public sealed class DottedPathTests
{
    private const string Json = """
        {"paging":{"next":{"after":"42"}},"data":[{"id":"a"},{"id":"b"}],"@odata.nextLink":"https://g/next","x-y":{"z":1}}
        """;

    private static readonly JsonNode Body = JsonNode.Parse(Json)!;

    private static readonly JsonElement Document = JsonDocument.Parse(Json).RootElement;

    [Theory]
    [InlineData("paging.next.after", "\"42\"")]
    [InlineData("data.0.id", "\"a\"")]
    [InlineData("data.-1.id", "\"b\"")]
    [InlineData("@odata.nextLink", "\"https://g/next\"")]
    [InlineData("x-y.z", "1")]
    public void Reads_nested_values_by_dotted_path_in_a_tree_and_in_a_document(string path, string expected)
    {
        Assert.Equal(expected, DottedPath.Read(Body, path)!.ToJsonString());
        Assert.Equal(expected, DottedPath.Read(Document, path)!.Value.GetRawText());
    }

    [Theory]
    [InlineData("paging.previous")]
    [InlineData("data.5.id")]
    [InlineData("data.x")]
    public void Missing_steps_read_as_null(string path)
    {
        Assert.Null(DottedPath.Read(Body, path));
        Assert.Null(DottedPath.Read(Document, path));
    }

    [Theory]
    [InlineData("data", 2)]
    [InlineData("paging", 1)]
    [InlineData("nothing", 0)]
    public void Response_records_are_the_array_at_the_path_or_a_single_object_wrapped(string path, int count)
    {
        var utf8 = Encoding.UTF8.GetBytes(Json);
        var received = new VendorResponse(200, new Dictionary<string, string>(), utf8, VendorJson.TryParseDocument(utf8));
        var parsed = new VendorResponse(200, new Dictionary<string, string>(), JsonNode.Parse(Json), Json);
        foreach (var response in new[] { received, parsed })
        {
            var records = ResponseRecords.Extract(response, path);
            Assert.Equal(count, records.Count);
            Assert.Null(records.Parent);
        }
    }
}
