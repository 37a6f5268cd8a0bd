using System.Text.Json.Nodes;
using Serverless.Core.Json;
using Serverless.Core.Storage;

namespace Serverless.Core.Platform;

/// <summary>
/// Integrated accounts: table <c>integratedaccounts</c>, partition = environment id, located by id
/// through <see cref="ObjectLocator"/>. Secret context fields are written to the secret store before
/// the document that names them, and removed after it is deleted.
/// </summary>
public sealed class IntegratedAccountRepository(IDocumentStore store, ISecretStore secrets, ObjectLocator locator, TimeProvider time)
{
    public const string Kind = "integrated-account";
    private readonly RecordTable<IntegratedAccountRecord> table = new(store, "integratedaccounts");

    public TimeProvider Time => time;

    public Task<RecordPage<IntegratedAccountRecord>> ListAsync(
        Guid environmentId, int limit, string? cursor, Func<IntegratedAccountRecord, bool>? filter, CancellationToken cancellationToken) =>
        table.ListAsync(PlatformPartitions.Of(environmentId), limit, cursor, filter, cancellationToken);

    public Task<Stored<IntegratedAccountRecord>?> GetAsync(Guid environmentId, Guid id, CancellationToken cancellationToken) =>
        table.GetAsync(PlatformPartitions.Of(environmentId), id, cancellationToken);

    /// <summary>Looks an account up by id alone (inbound webhooks, queue work).</summary>
    public async Task<Stored<IntegratedAccountRecord>?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var environmentId = await locator.FindEnvironmentAsync(Kind, id, cancellationToken);
        return environmentId is null ? null : await GetAsync(environmentId.Value, id, cancellationToken);
    }

    /// <summary>Stores a new account; <paramref name="secretValues"/> are its secret fields' values.</summary>
    public async Task<IntegratedAccountRecord> CreateAsync(IntegratedAccountRecord record, IReadOnlyDictionary<string, string> secretValues, CancellationToken cancellationToken)
    {
        foreach (var (field, value) in secretValues)
        {
            await secrets.SetAsync(SecretNames.AccountField(record.Id, field), value, cancellationToken);
        }

        await locator.AddAsync(Kind, record.Id, record.EnvironmentId, cancellationToken);
        await table.InsertAsync(PlatformPartitions.Of(record.EnvironmentId), record.Id, record, [], "integrated account", cancellationToken);
        return record;
    }

    /// <summary>
    /// Writes <paramref name="changed"/>; secret values in <paramref name="secretValues"/> are set first,
    /// and secrets of fields the account no longer has are removed after the document is written.
    /// </summary>
    public async Task<IntegratedAccountRecord> UpdateAsync(
        Stored<IntegratedAccountRecord> current, IntegratedAccountRecord changed, IReadOnlyDictionary<string, string> secretValues, CancellationToken cancellationToken)
    {
        // Secrets are overwritten before the document: should the document write fail, the account
        // reads the newer value, which is what the caller asked for.
        foreach (var (field, value) in secretValues)
        {
            await secrets.SetAsync(SecretNames.AccountField(changed.Id, field), value, cancellationToken);
        }

        var record = changed with { UpdatedAt = time.GetUtcNow() };
        await table.ReplaceAsync(PlatformPartitions.Of(record.EnvironmentId), record.Id, record, current.ETag, [], [], "integrated account", cancellationToken);
        foreach (var dropped in current.Value.SecretFields.Except(record.SecretFields, StringComparer.Ordinal))
        {
            await secrets.DeleteAsync(SecretNames.AccountField(record.Id, dropped), cancellationToken);
        }

        return record;
    }

    public async Task<bool> DeleteAsync(Stored<IntegratedAccountRecord> current, CancellationToken cancellationToken)
    {
        var record = current.Value;
        var deleted = await table.DeleteAsync(PlatformPartitions.Of(record.EnvironmentId), record.Id, current.ETag, [], cancellationToken);
        await locator.RemoveAsync(Kind, record.Id, cancellationToken);
        foreach (var field in record.SecretFields)
        {
            await secrets.DeleteAsync(SecretNames.AccountField(record.Id, field), cancellationToken);
        }

        return deleted;
    }

    /// <summary>
    /// The full context with secret values filled in, for the code that calls the vendor. Never
    /// return this to an API caller.
    /// </summary>
    public async Task<JsonObject> ReadContextWithSecretsAsync(IntegratedAccountRecord record, CancellationToken cancellationToken)
    {
        var context = (JsonObject)record.Context.DeepClone();
        foreach (var field in record.SecretFields)
        {
            var value = await secrets.GetAsync(SecretNames.AccountField(record.Id, field), cancellationToken);
            if (value is not null)
            {
                context[field] = SecretContextFields.FromSecret(field, value);
            }
        }

        return context;
    }

    /// <summary>
    /// Deep-merges <paramref name="update"/> into the account's context as it is stored now (an action's or an inbound
    /// webhook's <c>update_context</c>): values of the account's secret fields, of <paramref name="secretKeys"/> and of
    /// names that are secrets whatever the definition says (<see cref="SecretContextFields"/>) go to the secret store, the
    /// rest into the document.
    /// </summary>
    /// <returns>The account as stored; <c>null</c> when it no longer exists.</returns>
    public async Task<IntegratedAccountRecord?> MergeContextAsync(
        IntegratedAccountRecord account, JsonObject update, IEnumerable<string>? secretKeys, CancellationToken cancellationToken)
    {
        var current = await GetAsync(account.EnvironmentId, account.Id, cancellationToken);
        if (current is null)
        {
            return null;
        }

        var secretFields = current.Value.SecretFields.Union((secretKeys ?? []).Where(update.ContainsKey)).ToHashSet(StringComparer.Ordinal);
        var plain = new JsonObject();
        var secretValues = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in update)
        {
            if (value is not null && (secretFields.Contains(key) || SecretContextFields.IsSecret(key)))
            {
                secretValues[key] = SecretContextFields.ToSecret(value);
            }
            else
            {
                plain[key] = value?.DeepClone();
            }
        }

        var context = (JsonObject)JsonDeepMerge.Merge(current.Value.Context, plain)!;
        var secrets = secretFields.Union(secretValues.Keys).Order(StringComparer.Ordinal).ToList();
        return await UpdateAsync(current, current.Value with { Context = context, SecretFields = secrets }, secretValues, cancellationToken);
    }
}
