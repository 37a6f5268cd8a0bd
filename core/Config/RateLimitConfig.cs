namespace Serverless.Core.Config;

/// <summary>JSONata expressions that detect and describe rate limits (SPEC §2.7). Absent = the defaults.</summary>
public sealed record RateLimitConfig
{
    /// <summary>Over <c>{status, headers, data}</c>; default <c>status = 429</c>.</summary>
    public string? IsRateLimited { get; init; }

    /// <summary>Seconds to wait; default the <c>Retry-After</c> header.</summary>
    public string? RetryAfterHeaderExpression { get; init; }

    /// <summary>Returns <c>{limit, remaining, reset}</c>.</summary>
    public string? RateLimitHeaderExpression { get; init; }
}
