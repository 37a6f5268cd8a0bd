using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Serverless.Functions.Api.Auth;

/// <summary>
/// The failed-authentication limit of the API token endpoints: each client (remote address; an IPv6 client by its /64,
/// which one host can fill) may fail authentication <see cref="PlatformApiOptions.AuthFailureLimit"/> times per
/// <see cref="PlatformApiOptions.AuthFailureWindow"/>; past that its unauthenticated requests answer 429 with
/// <c>Retry-After</c> instead of 401 (<see cref="ApiTokenMiddleware"/>). Requests with a valid token never get here, so a
/// busy client with a good token is unaffected. One fixed-window limiter per client, dropped when idle.
/// </summary>
internal sealed class FailedAuthenticationLimiter(IOptions<PlatformApiOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(client =>
        RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.AuthFailureLimit,
            Window = options.Value.AuthFailureWindow,
            QueueLimit = 0,
        }));

    /// <summary>Counts a failed authentication of the client at <paramref name="address"/>.</summary>
    /// <returns><c>null</c> while the client is within its limit; past it, how long until it may fail again.</returns>
    public TimeSpan? TryCountFailure(IPAddress? address)
    {
        using var lease = _limiter.AttemptAcquire(ClientKey(address));
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => _limiter.Dispose();

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
