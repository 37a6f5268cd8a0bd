namespace Serverless.Core.Webhooks.Outbound;

/// <summary>
/// Retry policy of outbound deliveries. The defaults make 6 attempts over about 10 minutes
/// (waits of 20 s, 40 s, 80 s, 160 s, 320 s, each ±20 %).
/// </summary>
public sealed record WebhookDeliveryOptions
{
    /// <summary>Attempts made before a delivery fails.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>The wait after the first failed attempt; it doubles after each further failure.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The longest wait between attempts.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Each wait is scaled by a random factor in [1 - JitterRatio, 1 + JitterRatio].</summary>
    public double JitterRatio { get; init; } = 0.2;

    /// <summary>How long one POST may take, headers and body.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>A webhook whose deliveries have all failed for this long is deactivated.</summary>
    public TimeSpan DeactivateAfter { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The wait before attempt <paramref name="nextAttempt"/> (2 or more).</summary>
    public TimeSpan RetryDelay(int nextAttempt, double random01)
    {
        var exponent = Math.Min(nextAttempt - 2, 30);
        var baseDelay = Math.Min(InitialRetryDelay.TotalMilliseconds * Math.Pow(2, exponent), MaxRetryDelay.TotalMilliseconds);
        var factor = 1 + JitterRatio * (2 * random01 - 1);
        return TimeSpan.FromMilliseconds(baseDelay * factor);
    }
}
