using System.Text.Json.Nodes;
using Serverless.Core.Http;
using Serverless.Core.Integrations;
using Xunit;

namespace Serverless.Core.Tests.Integrations;

public sealed class RateLimitReadingTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static VendorResponse Response(int status, params (string, string)[] headers) =>
        new(status, headers.ToDictionary(h => h.Item1, h => h.Item2, StringComparer.OrdinalIgnoreCase), null, "");

    [Theory]
    [InlineData("30", 30)]
    [InlineData("1.2", 2)]
    [InlineData("Thu, 01 Jan 2026 12:01:30 GMT", 90)]
    [InlineData("Thu, 01 Jan 2026 11:00:00 GMT", 0)]
    public void Retry_after_is_seconds_or_an_http_date(string value, int expected) =>
        Assert.Equal(expected, RateLimitReading.RetryAfterSeconds(Response(429, ("Retry-After", value)), Now));

    [Fact]
    public void Vendor_headers_are_normalised_and_an_epoch_reset_becomes_seconds()
    {
        var headers = RateLimitReading.Headers(Response(200, ("X-RateLimit-Limit", "5000"), ("X-RateLimit-Remaining", "4999"), ("X-RateLimit-Reset", (Now.ToUnixTimeSeconds() + 300).ToString())), Now);
        Assert.Equal("5000", headers["ratelimit-limit"]);
        Assert.Equal("4999", headers["ratelimit-remaining"]);
        Assert.Equal("300", headers["ratelimit-reset"]);
        Assert.Empty(RateLimitReading.Headers(Response(200), Now));
    }

    [Fact]
    public void Expression_input_has_status_lower_case_headers_and_data()
    {
        var input = new VendorResponse(404, new Dictionary<string, string> { ["X-Id"] = "1" }, JsonNode.Parse("""{"a":1}"""), """{"a":1}""").ToExpressionInput();
        Assert.Equal("""{"status":404,"headers":{"x-id":"1"},"data":{"a":1}}""", input.ToJsonString());
    }
}
