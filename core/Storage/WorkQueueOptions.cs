namespace Serverless.Core.Storage;

/// <summary>Queue behaviour shared by every backend.</summary>
public sealed record WorkQueueOptions
{
    /// <summary>
    /// How many times a message may be received. A message already received this many times is moved to
    /// <c>&lt;queue&gt;-poison</c> by the next receive instead of being handed out (Azure Functions' rule).
    /// </summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>The suffix of the queue that takes messages which exhausted <see cref="MaxDequeueCount"/>.</summary>
    public const string PoisonSuffix = "-poison";

    /// <summary>The poison queue of <paramref name="queue"/>.</summary>
    public static string PoisonQueueOf(string queue) => queue + PoisonSuffix;
}
