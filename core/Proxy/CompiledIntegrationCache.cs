using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Serverless.Core.Json;

namespace Serverless.Core.Proxy;

/// <summary>
/// Compiled configs per environment integration. An entry is keyed by a stamp of what it was built
/// from (the integration's version and the installation's last update), so a change to either is
/// picked up by the next call without re-parsing on every request.
/// </summary>
public sealed class CompiledIntegrationCache
{
    private readonly ConcurrentDictionary<Guid, (string Stamp, CompiledIntegration Compiled)> entries = new();

    public int Count => entries.Count;

    /// <param name="config">The integration's config.</param>
    /// <param name="environmentOverride">The installation's <c>override</c>, deep-merged over <paramref name="config"/>.</param>
    public CompiledIntegration Get(Guid environmentIntegrationId, string stamp, JsonObject config, JsonObject? environmentOverride)
    {
        if (entries.TryGetValue(environmentIntegrationId, out var entry) && entry.Stamp == stamp) return entry.Compiled;
        var merged = (JsonObject)JsonDeepMerge.Merge(config, environmentOverride ?? [])!;
        var compiled = CompiledIntegration.Compile(merged);
        entries[environmentIntegrationId] = (stamp, compiled);
        return compiled;
    }

    public void Invalidate(Guid environmentIntegrationId) => entries.TryRemove(environmentIntegrationId, out _);
}
