using System.Text.Json.Nodes;
using Serverless.Core.Errors;
using Serverless.Core.Proxy;
using Xunit;

namespace Serverless.Core.Tests.Proxy;

public sealed class SecretScrubberTests
{
    private static readonly SecretScrubber Scrubber = new(["sk+live/1", "short", null, "", "********"]);

    [Theory]
    [InlineData("key=sk+live/1;", "key=********;")]
    [InlineData("url?key=sk%2Blive%2F1&x", "url?key=********&x")]
    [InlineData("form key=sk%2Blive%2F1", "form key=********")]
    [InlineData("""{"k":"sk\u002Blive/1"}""", """{"k":"********"}""")]
    [InlineData("shortshort and sk+live/1", "**************** and ********")]
    [InlineData("nothing to hide", "nothing to hide")]
    public void Values_are_masked_in_text_as_they_are_and_encoded(string text, string expected) =>
        Assert.Equal(expected, Scrubber.Scrub(text));

    [Fact]
    public void Json_is_copied_with_strings_and_property_names_masked()
    {
        var vendor = JsonNode.Parse("""{"headers":{"x-key":"Bearer sk+live/1","sk+live/1":1},"n":5,"list":["short",true]}""");

        var scrubbed = Scrubber.Scrub(vendor)!;

        Assert.Equal("""{"headers":{"x-key":"Bearer ********","********":1},"n":5,"list":["********",true]}""", scrubbed.ToJsonString());
        Assert.Null(scrubbed.Parent);
        Assert.Equal("Bearer sk+live/1", vendor!["headers"]!["x-key"]!.GetValue<string>());
    }

    [Fact]
    public void The_longest_value_wins_where_values_overlap()
    {
        var scrubber = new SecretScrubber(["abc", "abcdef"]);
        Assert.Equal("x********y", scrubber.Scrub("xabcdefy"));
    }

    [Fact]
    public void A_failure_keeps_its_status_and_loses_its_secrets()
    {
        var failure = new ApiException(502, "token endpoint said: bad secret sk+live/1",
            new JsonObject { ["vendor_body"] = "sk+live/1" }, new Dictionary<string, string> { ["Location"] = "https://x/?k=sk%2Blive%2F1" });

        var scrubbed = Scrubber.Scrub(failure);

        Assert.Equal(502, scrubbed.StatusCode);
        Assert.Equal("token endpoint said: bad secret ********", scrubbed.Message);
        Assert.Equal("********", scrubbed.Details!["vendor_body"]!.GetValue<string>());
        Assert.Equal("https://x/?k=********", scrubbed.Headers["location"]);
    }

    [Fact]
    public void Values_are_read_once_and_only_when_needed()
    {
        var reads = 0;
        IEnumerable<string?> Values()
        {
            reads++;
            yield return "secret";
        }

        var scrubber = new SecretScrubber(Values());
        Assert.Equal(0, reads);
        Assert.Equal("********", scrubber.Scrub("secret"));
        Assert.Equal("********", scrubber.Scrub("secret"));
        Assert.Equal(1, reads);
    }
}
