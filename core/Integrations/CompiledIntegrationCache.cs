using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Errors;
using Serverless.Core.Json;
using Serverless.Core.Platform;

namespace Serverless.Core.Integrations;

/// <summary>
/// The one cache of compiled configs, one entry per installation (environment integration). An entry is stamped with
/// what it was built from (the integration's version and both records' last update), so a change to either is picked
/// up by the next use without re-reading the config on every call.
/// </summary>
public sealed class CompiledIntegrationCache(IntegrationConfigReader reader)
{
    private readonly ConcurrentDictionary<Guid, (Stamp Stamp, CompiledIntegration Compiled)> _entries = new();

    /// <summary>The integration's config merged with the installation's override, compiled.</summary>
    /// <exception cref="ApiException">409 when the merged config is not a valid config (the override no longer fits the integration).</exception>
    public CompiledIntegration Get(IntegrationRecord integration, EnvironmentIntegrationRecord installation)
    {
        ArgumentNullException.ThrowIfNull(integration);
        ArgumentNullException.ThrowIfNull(installation);
        var stamp = new Stamp(integration.Version, integration.UpdatedAt.UtcTicks, installation.UpdatedAt.UtcTicks);
        if (_entries.TryGetValue(installation.Id, out var entry) && entry.Stamp == stamp)
        {
            return entry.Compiled;
        }

        var merged = (JsonObject)JsonDeepMerge.Merge(integration.Config, installation.Override ?? [])!;
        var read = reader.Read(merged);
        if (read.Config is not { } model)
        {
            // Writes validate each document; an integration changed after an installation's override was written can still clash with it.
            throw new ApiException(409, $"the config of integration '{integration.Name}' merged with the override of environment integration {installation.Id} is invalid: {read.Validation.Describe()}");
        }

        var compiled = CompiledIntegration.Compile(model, merged);
        _entries[installation.Id] = (stamp, compiled);
        return compiled;
    }

    /// <summary>What an entry was built from (compared on every call, so nothing is formatted or allocated for it).</summary>
    private readonly record struct Stamp(long IntegrationVersion, long IntegrationUpdatedTicks, long InstallationUpdatedTicks);
}
