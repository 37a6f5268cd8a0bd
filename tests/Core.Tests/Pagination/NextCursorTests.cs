using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Pagination;
using Xunit;

namespace Serverless.Core.Tests.Pagination;

public sealed class NextCursorTests
{
    [Fact]
    public void A_cursor_round_trips_the_vendor_state_limit_and_page_hash()
    {
        var state = new PaginationState(new JsonObject { ["url"] = "https://x/y?a=1&b=ü" }, 25, "abc");
        var cursor = NextCursor.Encode(state);
        Assert.DoesNotContain('+', cursor);
        Assert.DoesNotContain('/', cursor);
        var decoded = NextCursor.Decode(cursor);
        Assert.Equal("https://x/y?a=1&b=ü", decoded.GetString("url"));
        Assert.Equal(25, decoded.Limit);
        Assert.Equal("abc", decoded.PreviousPageHash);
    }

    [Theory]
    [InlineData(25, "abc")]
    [InlineData(null, null)]
    public void A_cursor_is_the_text_earlier_cursors_were(int? limit, string? hash)
    {
        // Cursors already handed out (callers' next_cursor, sync run checkpoints) compare and decode alike.
        var values = new JsonObject { ["cursor"] = "c<1>\u00e9", ["n"] = 2, ["nested"] = new JsonObject { ["a"] = new JsonArray(1, "b") } };
        var earlier = new JsonObject { ["v"] = values.DeepClone() };
        if (limit is { } l) earlier["l"] = l;
        if (hash is { } h) earlier["h"] = h;

        Assert.Equal(Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(earlier)), NextCursor.Encode(new PaginationState(values, limit, hash)));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("bnVsbA")]
    [InlineData("eyJ2IjoxfQ")]
    public void Garbage_is_an_invalid_cursor(string cursor) =>
        Assert.Throws<InvalidNextCursorException>(() => NextCursor.Decode(cursor));
}
