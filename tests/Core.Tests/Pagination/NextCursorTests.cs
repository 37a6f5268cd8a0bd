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
    [InlineData("not base64!")]
    [InlineData("bnVsbA")]
    [InlineData("eyJ2IjoxfQ")]
    public void Garbage_is_an_invalid_cursor(string cursor) =>
        Assert.Throws<InvalidNextCursorException>(() => NextCursor.Decode(cursor));
}
