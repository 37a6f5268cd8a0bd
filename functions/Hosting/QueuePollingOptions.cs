namespace Serverless.Functions.Hosting;

/// <summary>How the local queue pollers receive, lease and retry messages (local mode only).</summary>
internal sealed record QueuePollingOptions
{
    /// <summary>How long a received message stays hidden; renewed at half this while its handler runs.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most messages taken per receive.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Most messages of one queue handled at once; a receive is made as soon as one of them finishes.</summary>
    public int MaxConcurrentMessages { get; set; } = 32;

    /// <summary>
    /// First wait after an empty receive; doubles up to <see cref="MaxIdleDelay"/>. A queue that sees its enqueues
    /// (the embedded one) ends the wait at the next arrival.
    /// </summary>
    public TimeSpan MinIdleDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan MaxIdleDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Delay before a failed message is visible again, doubled per dequeue up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    internal TimeSpan RetryDelayFor(int dequeueCount)
    {
        var exponent = Math.Clamp(dequeueCount - 1, 0, 20);
        var delay = RetryDelay * Math.Pow(2, exponent);
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }
}
