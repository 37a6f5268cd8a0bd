using System.Collections.Concurrent;
using Serverless.Core.Storage;

namespace Serverless.Functions.Tests.Proxy;

/// <summary>
/// Secrets kept in memory for the engine-level proxy tests, which run the proxy pipeline without the
/// platform's storage (the end-to-end server tests use the configured backend).
/// </summary>
internal sealed class MemorySecretStore : ISecretStore
{
    private readonly ConcurrentDictionary<string, string> _values = new();

    public IReadOnlyDictionary<string, string> Values => _values;

    public Task SetAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        _values[name] = value;
        return Task.CompletedTask;
    }

    public Task<string?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_values.TryGetValue(name, out var value) ? value : null);

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_values.TryRemove(name, out _));
}
