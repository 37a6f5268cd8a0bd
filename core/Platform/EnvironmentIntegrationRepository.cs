using Serverless.Core.Storage;

namespace Serverless.Core.Platform;

/// <summary>
/// Environment integrations: table <c>envintegrations</c>, partition = environment id, one installation
/// of an integration per environment (guard on the integration id), located by id through <see cref="ObjectLocator"/>.
/// Literal secrets of an override live in the secret store (<see cref="ConfigSecretSealer"/>): single
/// reads return the override with its secrets; listings keep the references (only ever shown masked).
/// </summary>
public sealed class EnvironmentIntegrationRepository(IDocumentStore store, ObjectLocator locator, ConfigSecretSealer sealer, TimeProvider time)
{
    public const string Kind = "environment-integration";
    private readonly RecordTable<EnvironmentIntegrationRecord> table = new(store, "envintegrations");

    public TimeProvider Time => time;

    public Task<RecordPage<EnvironmentIntegrationRecord>> ListAsync(Guid environmentId, int limit, string? cursor, CancellationToken cancellationToken) =>
        table.ListAsync(PlatformPartitions.Of(environmentId), limit, cursor, null, cancellationToken);

    public async Task<Stored<EnvironmentIntegrationRecord>?> GetAsync(Guid environmentId, Guid id, CancellationToken cancellationToken)
    {
        var stored = await table.GetAsync(PlatformPartitions.Of(environmentId), id, cancellationToken);
        return stored is null
            ? null
            : stored with { Value = stored.Value with { Override = await sealer.UnsealAsync(id, stored.Value.Override, cancellationToken) } };
    }

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
        await sealer.WriteAsync(record.Id, record.Override, replaced: null, sealedOverride => table.InsertAsync(
            PlatformPartitions.Of(record.EnvironmentId), record.Id, record with { Override = sealedOverride }, [record.IntegrationId.ToString("D")],
            "this integration is already installed in the environment; an environment integration", cancellationToken),
            cancellationToken);
        return record;
    }

    public async Task<EnvironmentIntegrationRecord> UpdateAsync(Stored<EnvironmentIntegrationRecord> current, EnvironmentIntegrationRecord changed, CancellationToken cancellationToken)
    {
        var partition = PlatformPartitions.Of(current.Value.EnvironmentId);
        var before = await table.GetIfCurrentAsync(partition, current.Value.Id, current.ETag, cancellationToken)
            ?? throw new StaleVersionException("the environment integration was deleted concurrently");
        var record = changed with { UpdatedAt = time.GetUtcNow() };
        await sealer.WriteAsync(record.Id, record.Override, before.Override, sealedOverride => table.ReplaceAsync(
            partition, record.Id, record with { Override = sealedOverride }, current.ETag, [], [], "environment integration", cancellationToken),
            cancellationToken);
        return record;
    }

    public async Task<bool> DeleteAsync(Stored<EnvironmentIntegrationRecord> current, CancellationToken cancellationToken)
    {
        var record = current.Value;
        var partition = PlatformPartitions.Of(record.EnvironmentId);
        var before = await table.GetIfCurrentAsync(partition, record.Id, current.ETag, cancellationToken);
        var deleted = before is not null
            && await table.DeleteAsync(partition, record.Id, current.ETag, [record.IntegrationId.ToString("D")], cancellationToken);
        await locator.RemoveAsync(Kind, record.Id, cancellationToken);
        if (deleted)
        {
            await sealer.DeleteReferencedAsync(record.Id, before!.Override, cancellationToken);
        }
        return deleted;
    }
}
