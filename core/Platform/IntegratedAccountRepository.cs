using System.Text.Json.Nodes;
using Serverless.Core.Json;
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
    /// <summary>The object kind under which <see cref="ObjectLocator"/> records an account's environment.</summary>
    public const string Kind = "integrated-account";
    private const int LookupPageSize = 100;
    private readonly RecordTable<IntegratedAccountRecord> _table = new(store, AccountLookupIndex.Table);
    private readonly RecordCache<(Guid EnvironmentId, Guid Id), IntegratedAccountRecord> _recent = new();
    // The values of an account version's secret fields (a version: its id and last update).
    private readonly RecordCache<(Guid Id, long UpdatedAt), Dictionary<string, string>> _secretValues = new();

    /// <summary>The clock that stamps <c>updated_at</c> on updates.</summary>
    public TimeProvider Time => time;

    /// <summary>A page of the environment's accounts that pass <paramref name="filter"/> (all when it is null).</summary>
    public Task<RecordPage<IntegratedAccountRecord>> ListAsync(
        Guid environmentId, int limit, string? cursor, Func<IntegratedAccountRecord, bool>? filter, CancellationToken cancellationToken) =>
        _table.ListAsync(PlatformPartitions.Of(environmentId), limit, cursor, filter, cancellationToken);

    /// <summary>The account with its ETag, secret fields not read, or null when the environment has none with that id.</summary>
    public Task<Stored<IntegratedAccountRecord>?> GetAsync(Guid environmentId, Guid id, CancellationToken cancellationToken) =>
        _table.GetAsync(PlatformPartitions.Of(environmentId), id, cancellationToken);

    /// <summary>
    /// The account as <see cref="GetAsync"/> reads it, remembered for the calls that follow
    /// (<see cref="RecordCache{TKey, TValue}"/>: this repository's writes are seen at once). Shared: never change it.
    /// </summary>
    public Task<IntegratedAccountRecord?> GetRecentAsync(Guid environmentId, Guid id, CancellationToken cancellationToken) =>
        _recent.GetOrReadAsync((environmentId, id), (Repository: this, EnvironmentId: environmentId, Id: id),
            static async (key, ct) => (await key.Repository.GetAsync(key.EnvironmentId, key.Id, ct))?.Value, cancellationToken);

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
        var partition = PlatformPartitions.Of(record.EnvironmentId);
        var hints = await UnclaimedHintsAsync(partition, AccountLookupIndex.HintKeys(record), cancellationToken);
        await _table.InsertAsync(partition, record.Id, record, [], "integrated account", cancellationToken,
            [.. AccountLookupIndex.RowUpserts(AccountLookupIndex.RowKeys(record)), .. AccountLookupIndex.HintUpserts(hints, record.Id)]);
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
        var hints = await UnclaimedHintsAsync(partition, AccountLookupIndex.HintKeys(record).Except(AccountLookupIndex.HintKeys(current.Value), StringComparer.Ordinal), cancellationToken);
        try
        {
            await _table.ReplaceAsync(partition, record.Id, record, current.ETag, [], [], "integrated account", cancellationToken,
                [.. AccountLookupIndex.RowUpserts(rows.Except(previousRows, StringComparer.Ordinal)), .. AccountLookupIndex.HintUpserts(hints, record.Id)]);
        }
        finally
        {
            Forget(current.Value);
        }

        await RemoveLookupRowsAsync(partition, previousRows.Except(rows, StringComparer.Ordinal), cancellationToken);
        foreach (var dropped in current.Value.SecretFields.Except(record.SecretFields, StringComparer.Ordinal))
        {
            await secrets.DeleteAsync(SecretNames.AccountField(record.Id, dropped), cancellationToken);
        }

        return record;
    }

    /// <summary>Deletes the account, then its lookup rows, its locator entry and its secret fields; false when the document was already gone.</summary>
    public async Task<bool> DeleteAsync(Stored<IntegratedAccountRecord> current, CancellationToken cancellationToken)
    {
        var record = current.Value;
        var deleted = await _table.DeleteAsync(PlatformPartitions.Of(record.EnvironmentId), record.Id, current.ETag, [], cancellationToken);
        Forget(record);
        await RemoveLookupRowsAsync(PlatformPartitions.Of(record.EnvironmentId), AccountLookupIndex.RowKeys(record), cancellationToken);
        await locator.RemoveAsync(Kind, record.Id, cancellationToken);
        foreach (var field in record.SecretFields)
        {
            await secrets.DeleteAsync(SecretNames.AccountField(record.Id, field), cancellationToken);
        }

        return deleted;
    }

    /// <summary>
    /// The account of installation <paramref name="installId"/> whose context field <paramref name="field"/> reads
    /// <paramref name="value"/> (as <see cref="AccountLookupIndex.ContextValue"/> compares): the one the value was first
    /// stored for while it keeps it, else the oldest. Point reads of the value's hint and its account, a range read of
    /// the value's rows when the hint is missing or stale: the cost does not grow with the accounts of the environment.
    /// </summary>
    public async Task<Stored<IntegratedAccountRecord>?> FindByContextValueAsync(
        Guid environmentId, Guid installId, string field, string value, CancellationToken cancellationToken)
    {
        var partition = PlatformPartitions.Of(environmentId);
        var hintKey = AccountLookupIndex.HintKey(installId, field, value);
        if (await store.GetAsync(AccountLookupIndex.Table, partition, hintKey, cancellationToken) is { } hint
            && await MatchingAsync(environmentId, AccountLookupIndex.HintedAccount(hint.Json), installId, field, value, cancellationToken) is { } account)
        {
            return account;
        }

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
                if (await MatchingAsync(environmentId, AccountLookupIndex.AccountOf(row.RowKey), installId, field, value, cancellationToken) is { } found)
                {
                    await store.ExecuteBatchAsync(AccountLookupIndex.Table, partition, [.. AccountLookupIndex.HintUpserts([hintKey], found.Value.Id)], cancellationToken);
                    return found;
                }
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        return null;
    }

    private async Task<Stored<IntegratedAccountRecord>?> MatchingAsync(
        Guid environmentId, Guid accountId, Guid installId, string field, string value, CancellationToken cancellationToken)
    {
        var account = await GetAsync(environmentId, accountId, cancellationToken);
        return account is not null && account.Value.EnvironmentIntegrationId == installId && AccountLookupIndex.ContextValue(account.Value.Context, field) == value
            ? account
            : null;
    }

    /// <summary>The hints among <paramref name="hintKeys"/> that name no account yet (the new account claims them).</summary>
    private async Task<IReadOnlyList<string>> UnclaimedHintsAsync(string partition, IEnumerable<string> hintKeys, CancellationToken cancellationToken)
    {
        var keys = hintKeys.ToList();
        var existing = await Task.WhenAll(keys.Select(key => store.GetAsync(AccountLookupIndex.Table, partition, key, cancellationToken)));
        return [.. keys.Where((_, index) => existing[index] is null)];
    }

    /// <summary>
    /// Gives every account of an environment created before the lookup index its rows and hints (once: then marks
    /// the environment complete), oldest account first so that a shared value's hint names the oldest. Idempotent,
    /// and safe beside concurrent writes: a row or hint that no longer matches is skipped on read.
    /// </summary>
    private async Task IndexEnvironmentAsync(Guid environmentId, CancellationToken cancellationToken)
    {
        var partition = PlatformPartitions.Of(environmentId);
        var hinted = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = await _table.ListAsync(partition, 1000, cursor, null, cancellationToken);
            var writes = page.Items.SelectMany(account => AccountLookupIndex.RowUpserts(AccountLookupIndex.RowKeys(account))
                .Concat(AccountLookupIndex.HintUpserts(AccountLookupIndex.HintKeys(account).Where(hinted.Add), account.Id)));
            foreach (var batch in writes.Chunk(100))
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
    /// <remarks>The secret values of an account version are remembered like <see cref="GetRecentAsync"/>'s records (in this process's memory only, where every call holds them anyway).</remarks>
    public async Task<JsonObject> ReadContextWithSecretsAsync(IntegratedAccountRecord record, CancellationToken cancellationToken)
    {
        var context = (JsonObject)record.Context.DeepClone();
        if (record.SecretFields.Count == 0)
        {
            return context;
        }

        var values = await _secretValues.GetOrReadAsync((record.Id, record.UpdatedAt.UtcTicks), (Secrets: secrets, Record: record), static (key, ct) => ReadSecretValuesAsync(key.Secrets, key.Record, ct), cancellationToken);
        foreach (var (field, value) in values!)
        {
            context[field] = SecretContextFields.FromSecret(field, value);
        }

        return context;
    }

    private static async Task<Dictionary<string, string>?> ReadSecretValuesAsync(ISecretStore secrets, IntegratedAccountRecord record, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in record.SecretFields)
        {
            if (await secrets.GetAsync(SecretNames.AccountField(record.Id, field), cancellationToken) is { } value)
            {
                values[field] = value;
            }
        }

        return values;
    }

    /// <summary>Drops what <see cref="GetRecentAsync"/> and <see cref="ReadContextWithSecretsAsync"/> remember of a version of an account that was just written.</summary>
    private void Forget(IntegratedAccountRecord record)
    {
        _recent.Evict((record.EnvironmentId, record.Id));
        _secretValues.Evict((record.Id, record.UpdatedAt.UtcTicks));
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
