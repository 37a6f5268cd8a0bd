using Microsoft.DurableTask.Client;
using Serverless.Functions.SyncJobs;

namespace Serverless.Functions.FunctionApp.Durable;

/// <summary>
/// Under the Functions host, the isolated worker hands out a <see cref="DurableTaskClient"/> only through a
/// <c>[DurableClient]</c> binding: a function that may start orchestrations binds one and runs its work inside
/// <see cref="Use"/>, so the code it calls (the same as standalone) finds it here.
/// </summary>
internal sealed class BoundDurableClient : IDurableClientSource
{
    private readonly AsyncLocal<DurableTaskClient?> _current = new();

    public DurableTaskClient Client => _current.Value
        ?? throw new InvalidOperationException("No Durable client is bound here: the invoking function needs a [DurableClient] DurableTaskClient parameter passed to BoundDurableClient.Use.");

    /// <summary>Makes <paramref name="client"/> the client of the current invocation until the returned scope is disposed.</summary>
    public IDisposable Use(DurableTaskClient client)
    {
        var previous = _current.Value;
        _current.Value = client;
        return new Scope(this, previous);
    }

    private sealed class Scope(BoundDurableClient owner, DurableTaskClient? previous) : IDisposable
    {
        public void Dispose() => owner._current.Value = previous;
    }
}
