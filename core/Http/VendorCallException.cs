namespace Serverless.Core.Http;

/// <summary>A vendor call that got no HTTP answer; <see cref="StatusCode"/> is what the proxy answers (502 or 504).</summary>
public sealed class VendorCallException(int statusCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int StatusCode { get; } = statusCode;

    public static VendorCallException Unreachable(string host, Exception inner) =>
        new(502, $"the vendor at {host} could not be reached: {inner.Message}", inner);

    public static VendorCallException TimedOut(string host, TimeSpan timeout) =>
        new(504, $"the vendor at {host} did not answer within {timeout.TotalMilliseconds:0} ms");
}
