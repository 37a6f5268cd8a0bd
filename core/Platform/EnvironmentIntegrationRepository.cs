using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Storage;

namespace Serverless.Core.Platform;

/// <summary>
/// Environment integrations: table <c>envintegrations</c>, partition = environment id, one installation
/// of an integration per environment (guard on the integration id), located by id through <see cref="ObjectLocator"/>.
/// Literal secrets of an override and the environment variables that secrets come from live in the secret
/// store (<see cref="ConfigSecretSealer"/>): single reads return them resolved; listings keep the
/// references (only ever shown masked).
/// </summary>
public sealed class EnvironmentIntegrationRepository(
    IDocumentStore store, ObjectLocator locator, ConfigSecretSealer sealer, TimeProvider time, StoredConfigLimit? limit = null)
{
    /// <summary>The object kind under which <see cref="ObjectLocator"/> records an installation's environment.</summary>
    public const string Kind = "environment-integration";
    private readonly RecordTable<EnvironmentIntegrationRecord> _table = new(store, "envintegrations");
    private readonly RecordCache<(Guid EnvironmentId, Guid Id), EnvironmentIntegrationRecord> _recent = new();
    private readonly RecordCache<(Guid EnvironmentId, Guid IntegrationId), GuardedId> _recentIds = new();
    private readonly StoredConfigLimit _limit = limit ?? StoredConfigLimit.Default;

    /// <summary>The clock that stamps <c>updated_at</c> on updates.</summary>
    public TimeProvider Time => time;

    /// <summary>A page of the environment's installations, secrets left as references.</summary>
    public Task<RecordPage<EnvironmentIntegrationRecord>> ListAsync(Guid environmentId, int limit, string? cursor, CancellationToken cancellationToken) =>
        _table.ListAsync(PlatformPartitions.Of(environmentId), limit, cursor, null, cancellationToken);

    /// <summary>The installation with its ETag and its secrets resolved, or null when the environment has none with that id.</summary>
    public async Task<Stored<EnvironmentIntegrationRecord>?> GetAsync(Guid environmentId, Guid id, CancellationToken cancellationToken)
    {
        var stored = await _table.GetAsync(PlatformPartitions.Of(environmentId), id, cancellationToken);
        if (stored is null)
        {
            return null;
        }
        var record = stored.Value;
        return stored with
        {
            Value = record with
            {
                Override = await sealer.UnsealAsync(id, record.Override, cancellationToken),
                EnvironmentVariables = await sealer.UnsealAsync(id, record.EnvironmentVariables, cancellationToken),
            },
        };
    }

    /// <summary>
    /// The installation as <see cref="GetAsync"/> reads it, remembered for the calls that follow
    /// (<see cref="RecordCache{TKey, TValue}"/>: this repository's writes are seen at once). Shared: never change it.
    /// </summary>
    public Task<EnvironmentIntegrationRecord?> GetRecentAsync(Guid environmentId, Guid id, CancellationToken cancellationToken) =>
        _recent.GetOrReadAsync((environmentId, id), (Repository: this, EnvironmentId: environmentId, Id: id),
            static async (key, ct) => (await key.Repository.GetAsync(key.EnvironmentId, key.Id, ct))?.Value, cancellationToken);

    /// <summary>Looks an installation up by id alone (callers without a token, e.g. inbound webhooks).</summary>
    public async Task<Stored<EnvironmentIntegrationRecord>?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var environmentId = await locator.FindEnvironmentAsync(Kind, id, cancellationToken);
        return environmentId is null ? null : await GetAsync(environmentId.Value, id, cancellationToken);
    }

    /// <summary>The environment's installation of integration <paramref name="integrationId"/>, or null when it is not installed.</summary>
    public async Task<Stored<EnvironmentIntegrationRecord>?> FindByIntegrationAsync(Guid environmentId, Guid integrationId, CancellationToken cancellationToken)
    {
        var id = await _table.GetGuardedIdAsync(PlatformPartitions.Of(environmentId), integrationId.ToString("D"), cancellationToken);
        return id is null ? null : await GetAsync(environmentId, id.Value, cancellationToken);
    }

    /// <summary>
    /// The environment's installation of integration <paramref name="integrationId"/> as <see cref="GetRecentAsync"/> reads
    /// it, or null: which installation it is is remembered as the record is (a delete through this repository forgets it).
    /// </summary>
    public async Task<EnvironmentIntegrationRecord?> FindRecentByIntegrationAsync(Guid environmentId, Guid integrationId, CancellationToken cancellationToken)
    {
        var id = await _recentIds.GetOrReadAsync((environmentId, integrationId), (Table: _table, EnvironmentId: environmentId, IntegrationId: integrationId),
            static async (key, ct) => GuardedId.Of(await key.Table.GetGuardedIdAsync(PlatformPartitions.Of(key.EnvironmentId), key.IntegrationId.ToString("D"), ct)),
            cancellationToken);
        return id is null ? null : await GetRecentAsync(environmentId, id.Id, cancellationToken);
    }

    /// <param name="secretVariables">The environment variables that hold secrets (<see cref="IntegrationConfigSecrets.SecretVariables"/>).</param>
    public async Task<EnvironmentIntegrationRecord> CreateAsync(EnvironmentIntegrationRecord record, IReadOnlySet<string> secretVariables, CancellationToken cancellationToken)
    {
        CheckSize(record);
        await locator.AddAsync(Kind, record.Id, record.EnvironmentId, cancellationToken);
        var (sealedRecord, secrets) = Seal(record, secretVariables);
        await sealer.WriteAsync(record.Id, secrets, [], () => _table.InsertAsync(
            PlatformPartitions.Of(record.EnvironmentId), record.Id, sealedRecord, [record.IntegrationId.ToString("D")],
            "this integration is already installed in the environment; an environment integration", cancellationToken),
            cancellationToken);
        return record;
    }

    /// <param name="secretVariables">The environment variables that hold secrets (<see cref="IntegrationConfigSecrets.SecretVariables"/>).</param>
    public async Task<EnvironmentIntegrationRecord> UpdateAsync(
        Stored<EnvironmentIntegrationRecord> current, EnvironmentIntegrationRecord changed, IReadOnlySet<string> secretVariables, CancellationToken cancellationToken)
    {
        var partition = PlatformPartitions.Of(current.Value.EnvironmentId);
        var before = await _table.GetIfCurrentAsync(partition, current.Value.Id, current.ETag, cancellationToken)
            ?? throw new StaleVersionException("the environment integration was deleted concurrently");
        var record = changed with { UpdatedAt = time.GetUtcNow() };
        CheckSize(record);
        var (sealedRecord, secrets) = Seal(record, secretVariables);
        try
        {
            await sealer.WriteAsync(record.Id, secrets, [before.Override, before.EnvironmentVariables], () => _table.ReplaceAsync(
                partition, record.Id, sealedRecord, current.ETag, [], [], "environment integration", cancellationToken),
                cancellationToken);
        }
        finally
        {
            _recent.Evict((current.Value.EnvironmentId, record.Id));
        }

        return record;
    }

    private void CheckSize(EnvironmentIntegrationRecord record)
    {
        _limit.Check(record.Override, "$.override");
        _limit.Check(record.EnvironmentVariables, "$.environment_variables");
    }

    // A copy to store, and the places in it that hold secrets.
    private static (EnvironmentIntegrationRecord Record, List<(JsonObject Parent, string Key, string Value)> Secrets) Seal(
        EnvironmentIntegrationRecord record, IReadOnlySet<string> secretVariables)
    {
        var overrides = (JsonObject)record.Override.DeepClone();
        var variables = (JsonObject)record.EnvironmentVariables.DeepClone();
        var secrets = IntegrationConfigSecrets.FindLiteralSecrets(overrides).Concat(IntegrationConfigSecrets.FindSecretVariables(variables, secretVariables)).ToList();
        return (record with { Override = overrides, EnvironmentVariables = variables }, secrets);
    }

    /// <summary>Deletes the installation and the secrets it references; false when it is gone or changed since <paramref name="current"/> was read.</summary>
    public async Task<bool> DeleteAsync(Stored<EnvironmentIntegrationRecord> current, CancellationToken cancellationToken)
    {
        var record = current.Value;
        var partition = PlatformPartitions.Of(record.EnvironmentId);
        var before = await _table.GetIfCurrentAsync(partition, record.Id, current.ETag, cancellationToken);
        var deleted = before is not null
            && await _table.DeleteAsync(partition, record.Id, current.ETag, [record.IntegrationId.ToString("D")], cancellationToken);
        _recent.Evict((record.EnvironmentId, record.Id));
        _recentIds.Evict((record.EnvironmentId, record.IntegrationId));
        await locator.RemoveAsync(Kind, record.Id, cancellationToken);
        if (deleted)
        {
            await sealer.DeleteReferencedAsync(record.Id, before!.Override, cancellationToken);
            await sealer.DeleteReferencedAsync(record.Id, before.EnvironmentVariables, cancellationToken);
        }
        return deleted;
    }
}
