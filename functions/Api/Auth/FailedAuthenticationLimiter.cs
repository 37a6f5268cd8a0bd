using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Serverless.Functions.Api.Errors;

namespace Serverless.Functions.Api.Auth;

/// <summary>
/// The rate limiter policy of the API token endpoints: each client (remote address; an IPv6 client by
/// its /64, which one host can fill) may fail authentication <see cref="PlatformApiOptions.AuthFailureLimit"/>
/// times per <see cref="PlatformApiOptions.AuthFailureWindow"/>; past that its unauthenticated requests
/// answer 429 with <c>Retry-After</c> instead of 401. Requests with a valid token are never counted or
/// limited (they run in a partition without a limiter), so a busy client with a good token is unaffected.
/// Runs after authentication and before authorization, where it can tell the two apart.
/// </summary>
internal sealed class FailedAuthenticationLimiter(IOptions<PlatformApiOptions> options) : IRateLimiterPolicy<string>
{
    public const string PolicyName = "failed-api-token";

    // Never an address, so authenticated requests share one limiter-free partition.
    private const string Authenticated = "";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (context, cancellationToken) =>
    {
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        var response = context.HttpContext.Response;
        response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
        response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        await ErrorEnvelope.WriteAsync(response, StatusCodes.Status429TooManyRequests,
            $"too many failed authentications from this client; retry after {seconds} s with a valid API token");
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        if (httpContext.User.Identity?.IsAuthenticated == true)
        {
            return RateLimitPartition.GetNoLimiter(Authenticated);
        }

        var settings = options.Value;
        return RateLimitPartition.GetFixedWindowLimiter(ClientKey(httpContext.Connection.RemoteIpAddress), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.AuthFailureLimit,
            Window = settings.AuthFailureWindow,
            QueueLimit = 0,
        });
    }

    private static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes) + "/64";
    }
}
