using System.Text.Json.Nodes;
using Serverless.Core.Storage;

namespace Serverless.Core.Platform;

/// <summary>
/// Integrated accounts: table <c>integratedaccounts</c>, partition = environment id, located by id
/// through <see cref="ObjectLocator"/> and by context value through <see cref="AccountLookupIndex"/> rows, written
/// in the document's batch. Secret context fields are written to the secret store before the document that names
/// them, and removed after it is deleted.
/// </summary>
public sealed class IntegratedAccountRepository(IDocumentStore store, ISecretStore secrets, ObjectLocator locator, TimeProvider time)
{
    public const string Kind = "integrated-account";
    private const int LookupPageSize = 100;
    private readonly RecordTable<IntegratedAccountRecord> table = new(store, AccountLookupIndex.Table);

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
        await table.InsertAsync(PlatformPartitions.Of(record.EnvironmentId), record.Id, record, [], "integrated account", cancellationToken,
            AccountLookupIndex.Upserts(AccountLookupIndex.RowKeys(record)));
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
        var partition = PlatformPartitions.Of(record.EnvironmentId);
        var rows = AccountLookupIndex.RowKeys(record);
        var previousRows = AccountLookupIndex.RowKeys(current.Value);
        await table.ReplaceAsync(partition, record.Id, record, current.ETag, [], [], "integrated account", cancellationToken,
            AccountLookupIndex.Upserts(rows.Except(previousRows, StringComparer.Ordinal)));
        await RemoveLookupRowsAsync(partition, previousRows.Except(rows, StringComparer.Ordinal), cancellationToken);
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
        await RemoveLookupRowsAsync(PlatformPartitions.Of(record.EnvironmentId), AccountLookupIndex.RowKeys(record), cancellationToken);
        await locator.RemoveAsync(Kind, record.Id, cancellationToken);
        foreach (var field in record.SecretFields)
        {
            await secrets.DeleteAsync(SecretNames.AccountField(record.Id, field), cancellationToken);
        }

        return deleted;
    }

    /// <summary>
    /// The oldest account of installation <paramref name="installId"/> whose context field <paramref name="field"/>
    /// reads <paramref name="value"/> (as <see cref="AccountLookupIndex.ContextValue"/> compares), by a range read of
    /// the lookup rows: its cost does not grow with the number of accounts in the environment.
    /// </summary>
    public async Task<Stored<IntegratedAccountRecord>?> FindByContextValueAsync(
        Guid environmentId, Guid installId, string field, string value, CancellationToken cancellationToken)
    {
        var partition = PlatformPartitions.Of(environmentId);
        if (await store.GetAsync(AccountLookupIndex.Table, partition, AccountLookupIndex.CompleteMarker, cancellationToken) is null)
        {
            await IndexEnvironmentAsync(environmentId, cancellationToken);
        }

        var prefix = AccountLookupIndex.ValuePrefix(installId, field, value);
        string? continuation = null;
        do
        {
            var page = await store.QueryPrefixAsync(AccountLookupIndex.Table, partition, prefix, LookupPageSize, continuation, cancellationToken);
            foreach (var row in page.Documents)
            {
                // A row left behind by a crash between the document write and the row clean-up is skipped.
                var account = await GetAsync(environmentId, AccountLookupIndex.AccountOf(row.RowKey), cancellationToken);
                if (account is not null && account.Value.EnvironmentIntegrationId == installId && AccountLookupIndex.ContextValue(account.Value.Context, field) == value)
                {
                    return account;
                }
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        return null;
    }

    /// <summary>
    /// Gives every account of an environment created before the lookup index its rows (once: then marks the
    /// environment complete). Idempotent, and safe beside concurrent writes: a row it writes for a value an account
    /// has just lost is skipped on read.
    /// </summary>
    private async Task IndexEnvironmentAsync(Guid environmentId, CancellationToken cancellationToken)
    {
        var partition = PlatformPartitions.Of(environmentId);
        string? cursor = null;
        do
        {
            var page = await table.ListAsync(partition, 1000, cursor, null, cancellationToken);
            foreach (var batch in AccountLookupIndex.Upserts(page.Items.SelectMany(AccountLookupIndex.RowKeys)).Chunk(100))
            {
                await store.ExecuteBatchAsync(AccountLookupIndex.Table, partition, batch, cancellationToken);
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
        await AccountLookupIndex.MarkCompleteAsync(store, environmentId, cancellationToken);
    }

    /// <summary>Removes lookup rows one by one (a row already gone is fine), after the document no longer has their values.</summary>
    private async Task RemoveLookupRowsAsync(string partition, IEnumerable<string> rowKeys, CancellationToken cancellationToken)
    {
        foreach (var rowKey in rowKeys)
        {
            await store.DeleteAsync(AccountLookupIndex.Table, partition, rowKey, cancellationToken: cancellationToken);
        }
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
}
