using Serverless.Core.Storage;

namespace Serverless.Core.Platform;

/// <summary>
/// Environment integrations: table <c>envintegrations</c>, partition = environment id, one installation
/// of an integration per environment (guard on the integration id), located by id through <see cref="ObjectLocator"/>.
/// </summary>
public sealed class EnvironmentIntegrationRepository(IDocumentStore store, ObjectLocator locator, TimeProvider time)
{
    public const string Kind = "environment-integration";
    private readonly RecordTable<EnvironmentIntegrationRecord> table = new(store, "envintegrations");

    public TimeProvider Time => time;

    public Task<RecordPage<EnvironmentIntegrationRecord>> ListAsync(Guid environmentId, int limit, string? cursor, CancellationToken cancellationToken) =>
        table.ListAsync(PlatformPartitions.Of(environmentId), limit, cursor, null, cancellationToken);

    public Task<Stored<EnvironmentIntegrationRecord>?> GetAsync(Guid environmentId, Guid id, CancellationToken cancellationToken) =>
        table.GetAsync(PlatformPartitions.Of(environmentId), id, cancellationToken);

    /// <summary>Looks an installation up by id alone (callers without a token, e.g. inbound webhooks).</summary>
    public async Task<Stored<EnvironmentIntegrationRecord>?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var environmentId = await locator.FindEnvironmentAsync(Kind, id, cancellationToken);
        return environmentId is null ? null : await GetAsync(environmentId.Value, id, cancellationToken);
    }

    public async Task<Stored<EnvironmentIntegrationRecord>?> FindByIntegrationAsync(Guid environmentId, Guid integrationId, CancellationToken cancellationToken)
    {
        var id = await table.GetGuardedIdAsync(PlatformPartitions.Of(environmentId), integrationId.ToString("D"), cancellationToken);
        return id is null ? null : await GetAsync(environmentId, id.Value, cancellationToken);
    }

    public async Task<EnvironmentIntegrationRecord> CreateAsync(EnvironmentIntegrationRecord record, CancellationToken cancellationToken)
    {
        await locator.AddAsync(Kind, record.Id, record.EnvironmentId, cancellationToken);
        await table.InsertAsync(
            PlatformPartitions.Of(record.EnvironmentId), record.Id, record, [record.IntegrationId.ToString("D")],
            "this integration is already installed in the environment; an environment integration", cancellationToken);
        return record;
    }

    public async Task<EnvironmentIntegrationRecord> UpdateAsync(Stored<EnvironmentIntegrationRecord> current, EnvironmentIntegrationRecord changed, CancellationToken cancellationToken)
    {
        var record = changed with { UpdatedAt = time.GetUtcNow() };
        await table.ReplaceAsync(PlatformPartitions.Of(record.EnvironmentId), record.Id, record, current.ETag, [], [], "environment integration", cancellationToken);
        return record;
    }

    public async Task<bool> DeleteAsync(Stored<EnvironmentIntegrationRecord> current, CancellationToken cancellationToken)
    {
        var record = current.Value;
        var deleted = await table.DeleteAsync(PlatformPartitions.Of(record.EnvironmentId), record.Id, current.ETag, [record.IntegrationId.ToString("D")], cancellationToken);
        await locator.RemoveAsync(Kind, record.Id, cancellationToken);
        return deleted;
    }
}
