using System.Text.Json.Serialization;

namespace Serverless.Core.Config;

/// <summary>JSONata expressions that detect and describe rate limits (SPEC §2.7). Absent = the defaults.</summary>
public sealed record RateLimitConfig
{
    /// <summary>
    /// Over <c>{status, headers, data}</c>; default <c>status = 429</c>. The boolean <c>true</c> (Truto's
    /// example) means "rate limited the usual way", the default; <c>false</c> turns detection off.
    /// </summary>
    [JsonConverter(typeof(BooleanOrExpressionJsonConverter))]
    public string? IsRateLimited { get; init; }

    /// <summary>Seconds to wait; default the <c>Retry-After</c> header. A bare header name reads that header.</summary>
    public string? RetryAfterHeaderExpression { get; init; }

    /// <summary>Returns <c>{limit, remaining, reset}</c>; a bare header name reads that header as the remaining count.</summary>
    public string? RateLimitHeaderExpression { get; init; }
}
