using System.Text.Json.Nodes;
using Serverless.Core.Storage;

namespace Serverless.Core.Platform;

/// <summary>Integrations: table <c>integrations</c>, team partition, unique names, versioned writes.</summary>
public sealed class IntegrationRepository(IDocumentStore store, TimeProvider time)
{
    private readonly RecordTable<IntegrationRecord> table = new(store, "integrations");

    public Task<RecordPage<IntegrationRecord>> ListAsync(int limit, string? cursor, CancellationToken cancellationToken) =>
        table.ListAsync(PlatformPartitions.Team, limit, cursor, null, cancellationToken);

    public Task<Stored<IntegrationRecord>?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        table.GetAsync(PlatformPartitions.Team, id, cancellationToken);

    public async Task<Stored<IntegrationRecord>?> FindByNameAsync(string name, CancellationToken cancellationToken)
    {
        var id = await table.GetGuardedIdAsync(PlatformPartitions.Team, name, cancellationToken);
        return id is null ? null : await GetAsync(id.Value, cancellationToken);
    }

    public async Task<IntegrationRecord> CreateAsync(string name, string category, JsonObject config, bool isBeta, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var record = new IntegrationRecord(SequentialUuid.Next(now), name, category, config, isBeta, 1, now, now);
        await table.InsertAsync(PlatformPartitions.Team, record.Id, record, [name], $"integration '{name}'", cancellationToken);
        return record;
    }

    /// <summary>Writes <paramref name="changed"/> over <paramref name="current"/>, bumping the version.</summary>
    /// <exception cref="StaleVersionException">Someone else wrote in between.</exception>
    public async Task<IntegrationRecord> UpdateAsync(Stored<IntegrationRecord> current, IntegrationRecord changed, CancellationToken cancellationToken)
    {
        var record = changed with { Version = current.Value.Version + 1, UpdatedAt = time.GetUtcNow() };
        var renamed = record.Name != current.Value.Name;
        await table.ReplaceAsync(
            PlatformPartitions.Team, record.Id, record, current.ETag,
            renamed ? [record.Name] : [], renamed ? [current.Value.Name] : [], $"integration '{record.Name}'", cancellationToken);
        return record;
    }

    public Task<bool> DeleteAsync(Stored<IntegrationRecord> current, CancellationToken cancellationToken) =>
        table.DeleteAsync(PlatformPartitions.Team, current.Value.Id, current.ETag, [current.Value.Name], cancellationToken);
}
