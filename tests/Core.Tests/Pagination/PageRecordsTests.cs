using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Http;
using Serverless.Core.Pagination;
using Xunit;

namespace Serverless.Core.Tests.Pagination;

public sealed class PageRecordsTests
{
    // The vendor's own spacing and escapes: the fingerprint is of the records, not of these bytes.
    private const string Page = """
        [ {"id": 1, "name": "Zo\u00e9", "tags": ["a\/b", "é"], "score": 1.50, "nested": {"ok": true, "none": null}},
          {"id":2,"name":"<b>&amp;</b>","emoji":"\ud83d\ude00"} ]
        """;

    private const string RequestUrl = "https://vendor.example/v1/items";

    private static JsonElement Received(string json) => JsonDocument.Parse(json).RootElement;

    private static VendorResponse Response() => new(200, new Dictionary<string, string>(), JsonNode.Parse("[]"), "[]");

    [Fact]
    public void Received_records_count_and_fingerprint_as_their_tree_does()
    {
        var received = new PageRecords(Received(Page));
        var lazyTree = new PageRecords((JsonArray)JsonNode.Parse(Page)!);
        var readTree = (JsonArray)JsonNode.Parse(Page)!;
        _ = readTree[0]!["tags"]![1]!.GetValue<string>();

        Assert.Equal(2, received.Count);
        Assert.Equal(lazyTree.Count, received.Count);
        Assert.Equal(lazyTree.Fingerprint(), received.Fingerprint());
        Assert.Equal(new PageRecords(readTree).Fingerprint(), received.Fingerprint());
    }

    [Fact]
    public void The_fingerprint_is_the_one_cursors_already_carry()
    {
        // Cursors written before (a run's checkpoint, a caller's next_cursor) hold the hash of the records' compact JSON text.
        var tree = (JsonArray)JsonNode.Parse(Page)!;
        var before = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(tree.ToJsonString())), 0, 12);

        Assert.Equal(before, new PageRecords(Received(Page)).Fingerprint());
    }

    [Fact]
    public void Different_records_have_different_fingerprints()
    {
        Assert.NotEqual(new PageRecords(Received("""[{"id":1}]""")).Fingerprint(), new PageRecords(Received("""[{"id":2}]""")).Fingerprint());
    }

    [Fact]
    public void The_loop_check_ends_the_walk_whether_a_page_was_read_received_or_as_a_tree()
    {
        var paginator = PaginatorFactory.Create(new PagePagination())!;
        var first = paginator.Advance(paginator.Start(2), RequestUrl, Response(), new PageRecords(Received(Page)))!;

        Assert.Null(paginator.Advance(first, RequestUrl, Response(), (JsonArray)JsonNode.Parse(Page)!));
        Assert.NotNull(paginator.Advance(first, RequestUrl, Response(), new PageRecords(Received("""[{"id":3},{"id":4}]"""))));
    }

    [Fact]
    public void Expressions_see_the_same_records_either_way()
    {
        var tree = (JsonArray)JsonNode.Parse(Page)!;

        var fromReceived = new PageRecords(Received(Page)).ToTree();
        var fromTree = new PageRecords(tree).ToTree();

        Assert.True(JsonNode.DeepEquals(tree, fromReceived));
        Assert.True(JsonNode.DeepEquals(tree, fromTree));
        Assert.Null(fromTree.Parent);
        Assert.NotSame(tree, fromTree);
    }

    [Fact]
    public void Only_an_array_is_read_as_received_records()
    {
        Assert.Throws<ArgumentException>(() => new PageRecords(Received("""{"id":1}""")));
    }
}
