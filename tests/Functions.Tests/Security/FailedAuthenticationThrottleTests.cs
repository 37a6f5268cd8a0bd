using System.Net;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.Security;

/// <summary>A client that keeps failing authentication gets 429 with Retry-After; valid tokens are never counted or limited.</summary>
public sealed class FailedAuthenticationThrottleTests(FailedAuthenticationThrottleTests.LowLimitFixture fixture)
    : IClassFixture<FailedAuthenticationThrottleTests.LowLimitFixture>
{
    private const int Limit = 5;

    [Fact]
    public async Task Failures_past_the_limit_answer_429_with_retry_after_while_a_valid_token_keeps_working()
    {
        var server = fixture.Server;
        for (var i = 0; i < Limit * 4; i++)
        {
            (await server.Client.GetJsonAsync("/environment")).Expect(HttpStatusCode.OK);
        }

        using var stranger = server.CreateClient("sk_guessed-token");
        for (var i = 0; i < Limit; i++)
        {
            (await stranger.GetJsonAsync("/integration")).ExpectError(HttpStatusCode.Unauthorized);
        }

        using var throttled = await stranger.GetAsync("/integration");
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        var retryAfter = throttled.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        Assert.Contains("too many failed authentications", await throttled.Content.ReadAsStringAsync());

        using var anonymous = server.CreateClient(token: null);
        (await anonymous.SendAsync(HttpMethod.Post, "/environment")).ExpectError(HttpStatusCode.TooManyRequests);

        // Same client address, valid token: unaffected. Endpoints without a token are not throttled either.
        (await server.Client.GetJsonAsync("/integration")).Expect(HttpStatusCode.OK);
        (await anonymous.GetJsonAsync("/health")).Expect(HttpStatusCode.OK);
    }

    public sealed class LowLimitFixture : PlatformServerFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["AUTH_FAILURE_LIMIT"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AUTH_FAILURE_WINDOW_SECONDS"] = "60",
        };
    }
}
