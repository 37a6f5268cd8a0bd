using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Serverless.Storage.Tests.Embedded;

/// <summary>Keeps formatted log entries so tests can assert what was reported.</summary>
public sealed class CollectingLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => Entries.Enqueue((logLevel, formatter(state, exception)));
}
