using System.Globalization;
using Serverless.Core.Http;

namespace Serverless.Core.Integrations;

/// <summary>
/// The default rate-limit reading (SPEC §2.7): rate limited when the status is 429; the wait from
/// <c>Retry-After</c> (seconds or an HTTP date); limit/remaining/reset from the vendor's
/// <c>ratelimit-*</c> or <c>x-ratelimit-*</c> headers, forwarded as <c>ratelimit-limit/-remaining/-reset</c> (seconds).
/// </summary>
internal static class RateLimitReading
{
    /// <summary>The wait when a 429 says nothing about it.</summary>
    public const int DefaultRetryAfterSeconds = 60;

    public static bool IsRateLimited(VendorResponse response) => response.StatusCode == 429;

    public static int RetryAfterSeconds(VendorResponse response, DateTimeOffset now) =>
        ParseWait(response.Header("retry-after"), now) ?? DefaultRetryAfterSeconds;

    /// <summary>Seconds (non-negative), or an HTTP date turned into seconds from <paramref name="now"/>.</summary>
    public static int? ParseWait(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) return Math.Max(0, (int)Math.Ceiling(seconds));
        return DateTimeOffset.TryParseExact(value.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? Math.Max(0, (int)Math.Ceiling((date - now).TotalSeconds))
            : null;
    }

    /// <summary>The normalised headers the proxy forwards; only those the vendor told.</summary>
    public static Dictionary<string, string> Headers(VendorResponse response, DateTimeOffset now)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (First(response, "limit") is { } limit) result["ratelimit-limit"] = limit;
        if (First(response, "remaining") is { } remaining) result["ratelimit-remaining"] = remaining;
        if (First(response, "reset") is { } reset && long.TryParse(reset, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            // Vendors send either seconds to wait or a Unix time (GitHub); the standard header is seconds.
            var seconds = value > 1_000_000_000 ? Math.Max(0, value - now.ToUnixTimeSeconds()) : value;
            result["ratelimit-reset"] = seconds.ToString(CultureInfo.InvariantCulture);
        }
        return result;
    }

    private static string? First(VendorResponse response, string name) =>
        response.Header("ratelimit-" + name) ?? response.Header("x-ratelimit-" + name);
}
