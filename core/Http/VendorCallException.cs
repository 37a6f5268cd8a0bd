namespace Serverless.Core.Http;

/// <summary>A vendor call that got no HTTP answer: the vendor could not be reached, or did not answer in time (<see cref="TimedOut"/>).</summary>
internal sealed class VendorCallException(string message, bool timedOut, Exception? inner = null) : Exception(message, inner)
{
    public bool TimedOut { get; } = timedOut;

    public static VendorCallException Unreachable(string host, Exception inner) =>
        new($"the vendor at {host} could not be reached: {inner.Message}", timedOut: false, inner);

    public static VendorCallException NoAnswerWithin(string host, TimeSpan timeout) =>
        new($"the vendor at {host} did not answer within {timeout.TotalMilliseconds:0} ms", timedOut: true);
}
