namespace Serverless.Functions.Hosting.Durable;

/// <summary>Sends the sidecar host's logs to the server's own logging, so they share its sinks and filters.</summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory target) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => target.CreateLogger(categoryName);

    public void Dispose()
    {
        // The server owns the target factory.
    }
}
