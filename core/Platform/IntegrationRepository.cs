using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Storage;

namespace Serverless.Core.Platform;

/// <summary>
/// Integrations: table <c>integrations</c>, team partition, unique names, versioned writes. Literal
/// secrets of a config live in the secret store (<see cref="ConfigSecretSealer"/>): reads by id or name
/// return the config with its secrets; listings keep the references (they are only ever shown masked).
/// Configs are at most <see cref="StoredConfigLimit"/> large.
/// </summary>
public sealed class IntegrationRepository(IDocumentStore store, ConfigSecretSealer sealer, TimeProvider time, StoredConfigLimit? limit = null)
{
    private readonly RecordTable<IntegrationRecord> _table = new(store, "integrations");
    private readonly StoredConfigLimit _limit = limit ?? StoredConfigLimit.Default;
    private readonly RecordCache<Guid, IntegrationRecord> _recent = new();
    private readonly RecordCache<string, GuardedId> _recentIds = new();

    /// <summary>A page of the team's integrations, secrets left as references.</summary>
    public Task<RecordPage<IntegrationRecord>> ListAsync(int limit, string? cursor, CancellationToken cancellationToken) =>
        _table.ListAsync(PlatformPartitions.Team, limit, cursor, null, cancellationToken);

    /// <summary>The integration with its ETag and its config's secrets resolved, or null when there is none with that id.</summary>
    public async Task<Stored<IntegrationRecord>?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var stored = await _table.GetAsync(PlatformPartitions.Team, id, cancellationToken);
        return stored is null
            ? null
            : stored with { Value = stored.Value with { Config = await sealer.UnsealAsync(id, stored.Value.Config, cancellationToken) } };
    }

    /// <summary>
    /// The integration as <see cref="GetAsync"/> reads it, remembered for the calls that follow
    /// (<see cref="RecordCache{TKey, TValue}"/>: this repository's writes are seen at once). Shared: never change it.
    /// </summary>
    public Task<IntegrationRecord?> GetRecentAsync(Guid id, CancellationToken cancellationToken) =>
        _recent.GetOrReadAsync(id, (Repository: this, Id: id), static async (key, ct) => (await key.Repository.GetAsync(key.Id, ct))?.Value, cancellationToken);

    /// <summary>The integration named <paramref name="name"/>, as <see cref="GetAsync"/> reads it, or null.</summary>
    public async Task<Stored<IntegrationRecord>?> FindByNameAsync(string name, CancellationToken cancellationToken)
    {
        var id = await _table.GetGuardedIdAsync(PlatformPartitions.Team, name, cancellationToken);
        return id is null ? null : await GetAsync(id.Value, cancellationToken);
    }

    /// <summary>
    /// The integration named <paramref name="name"/> as <see cref="GetRecentAsync"/> reads it, or null: the name's id is
    /// remembered as the record is (a rename or a delete through this repository forgets it).
    /// </summary>
    public async Task<IntegrationRecord?> FindRecentByNameAsync(string name, CancellationToken cancellationToken)
    {
        var id = await _recentIds.GetOrReadAsync(name, (Table: _table, Name: name),
            static async (key, ct) => GuardedId.Of(await key.Table.GetGuardedIdAsync(PlatformPartitions.Team, key.Name, ct)), cancellationToken);
        return id is null ? null : await GetRecentAsync(id.Id, cancellationToken);
    }

    /// <exception cref="ConfigTooLargeException">The config is larger than the limit.</exception>
    public async Task<IntegrationRecord> CreateAsync(string name, string category, JsonObject config, bool isBeta, string sharing, CancellationToken cancellationToken)
    {
        _limit.Check(config, "$.config");
        var now = time.GetUtcNow();
        var record = new IntegrationRecord(SequentialUuid.Next(now), name, category, config, isBeta, 1, now, now, sharing);
        var sealedConfig = (JsonObject)config.DeepClone();
        await sealer.WriteAsync(record.Id, IntegrationConfigSecrets.FindLiteralSecrets(sealedConfig), [], () =>
            _table.InsertAsync(PlatformPartitions.Team, record.Id, record with { Config = sealedConfig }, [name], $"integration '{name}'", cancellationToken),
            cancellationToken);
        return record;
    }

    /// <summary>Writes <paramref name="changed"/> over <paramref name="current"/>, bumping the version.</summary>
    /// <exception cref="StaleVersionException">Someone else wrote in between.</exception>
    /// <exception cref="ConfigTooLargeException">The changed config is larger than the limit.</exception>
    public async Task<IntegrationRecord> UpdateAsync(Stored<IntegrationRecord> current, IntegrationRecord changed, CancellationToken cancellationToken)
    {
        _limit.Check(changed.Config, "$.config");
        var before = await _table.GetIfCurrentAsync(PlatformPartitions.Team, current.Value.Id, current.ETag, cancellationToken)
            ?? throw new StaleVersionException($"integration '{current.Value.Name}' was deleted concurrently");
        var record = changed with { Version = current.Value.Version + 1, UpdatedAt = time.GetUtcNow() };
        var renamed = record.Name != current.Value.Name;
        var sealedConfig = (JsonObject)record.Config.DeepClone();
        try
        {
            await sealer.WriteAsync(record.Id, IntegrationConfigSecrets.FindLiteralSecrets(sealedConfig), [before.Config], () => _table.ReplaceAsync(
                PlatformPartitions.Team, record.Id, record with { Config = sealedConfig }, current.ETag,
                renamed ? [record.Name] : [], renamed ? [current.Value.Name] : [], $"integration '{record.Name}'", cancellationToken),
                cancellationToken);
        }
        finally
        {
            _recent.Evict(record.Id);
            _recentIds.Evict(current.Value.Name);
        }

        return record;
    }

    /// <summary>Deletes the integration and the secrets its config references; false when it is gone or changed since <paramref name="current"/> was read.</summary>
    public async Task<bool> DeleteAsync(Stored<IntegrationRecord> current, CancellationToken cancellationToken)
    {
        var before = await _table.GetIfCurrentAsync(PlatformPartitions.Team, current.Value.Id, current.ETag, cancellationToken);
        var deleted = before is not null && await _table.DeleteAsync(PlatformPartitions.Team, before.Id, current.ETag, [current.Value.Name], cancellationToken);
        _recent.Evict(current.Value.Id);
        _recentIds.Evict(current.Value.Name);
        if (!deleted)
        {
            return false;
        }
        await sealer.DeleteReferencedAsync(before!.Id, before.Config, cancellationToken);
        return true;
    }
}
