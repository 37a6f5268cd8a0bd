using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Storage;

namespace Serverless.Core.Platform;

/// <summary>
/// Finds an environment integration's accounts by a context value without scanning the environment. In the
/// accounts' own partition (table <c>integratedaccounts</c>), for each account and top-level scalar context field:
/// <list type="bullet">
/// <item>a row <c>l:&lt;installation id&gt;:&lt;sha256(field, value)&gt;:&lt;account id&gt;</c>, so one prefix read lists the
/// accounts with that value, oldest first (account ids are UUIDv7);</item>
/// <item>a hint <c>k:&lt;installation id&gt;:&lt;sha256(field, value)&gt;</c> naming the account the value was first stored
/// for, so the usual lookup is two point reads (stores such as Azurite answer range reads by scanning).</item>
/// </list>
/// Both are written with the account document (same batch); rows of values the account no longer has are removed
/// after it. A row or hint that no longer matches its account is skipped on read (a hint then falls back to the rows
/// and is repaired), so a crash in between leaves nothing wrong, only something stale. Both prefixes sort after the
/// documents' <c>i:</c>, so partition listings, which stop at the first row that is not a document, never meet them.
/// </summary>
/// <remarks>
/// Environments created before the index existed hold accounts without rows: the marker row
/// <see cref="CompleteMarker"/> says an environment's rows are complete (written when an environment is created);
/// without it the first lookup indexes every account of the environment, then writes the marker.
/// </remarks>
internal static class AccountLookupIndex
{
    public const string Table = "integratedaccounts";

    /// <summary>The most fields of one account that are indexed (by field name order): row and hint of each share a 100-write batch.</summary>
    public const int MaxFields = 32;

    /// <summary>Sorts after every document (<c>i:</c>) and guard (<c>n:</c>) row, so partition listings stop before it.</summary>
    public const string CompleteMarker = "x:lookup-index-complete";

    private const string RowPrefix = "l:";
    private const string HintPrefix = "k:";
    private const string EntryJson = "{}";

    /// <summary>The row-key prefix of the accounts of <paramref name="installId"/> whose <paramref name="field"/> reads <paramref name="value"/>.</summary>
    public static string ValuePrefix(Guid installId, string field, string value) => RowPrefix + ValueKey(installId, field, value) + ":";

    /// <summary>The hint of that value: which account to try first.</summary>
    public static string HintKey(Guid installId, string field, string value) => HintPrefix + ValueKey(installId, field, value);

    /// <summary>The account a lookup row points to.</summary>
    public static Guid AccountOf(string rowKey) => Guid.ParseExact(rowKey.AsSpan(rowKey.LastIndexOf(':') + 1), "N");

    /// <summary>The lookup rows <paramref name="account"/> should have.</summary>
    public static IReadOnlyList<string> RowKeys(IntegratedAccountRecord account) =>
        [.. IndexedValues(account).Select(pair => ValuePrefix(account.EnvironmentIntegrationId, pair.Field, pair.Value) + account.Id.ToString("N"))];

    /// <summary>The hints of <paramref name="account"/>'s values.</summary>
    public static IReadOnlyList<string> HintKeys(IntegratedAccountRecord account) =>
        [.. IndexedValues(account).Select(pair => HintKey(account.EnvironmentIntegrationId, pair.Field, pair.Value))];

    /// <summary>Batch writes that give an account its rows (upserts: some may exist already).</summary>
    public static IEnumerable<DocumentOperation> RowUpserts(IEnumerable<string> rowKeys) => rowKeys.Select(key => DocumentOperation.Upsert(key, EntryJson));

    /// <summary>Batch writes that point hints at <paramref name="accountId"/>.</summary>
    public static IEnumerable<DocumentOperation> HintUpserts(IEnumerable<string> hintKeys, Guid accountId)
    {
        var json = JsonSerializer.Serialize(new Hint(accountId), PlatformJson.Options);
        return hintKeys.Select(key => DocumentOperation.Upsert(key, json));
    }

    public static Guid HintedAccount(string json) => JsonSerializer.Deserialize<Hint>(json, PlatformJson.Options)!.Id;

    /// <summary>A context field as lookups compare it: strings as they are, other scalars as JSON text; objects and arrays never match.</summary>
    public static string? ContextValue(JsonObject context, string field) => context[field] switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value => value.ToJsonString(),
        _ => null,
    };

    /// <summary>Marks an environment's rows complete (a new environment has no accounts to index).</summary>
    public static Task MarkCompleteAsync(IDocumentStore store, Guid environmentId, CancellationToken cancellationToken) =>
        store.UpsertAsync(Table, PlatformPartitions.Of(environmentId), CompleteMarker, EntryJson, cancellationToken);

    private static string ValueKey(Guid installId, string field, string value) =>
        $"{installId:N}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(field + "\0" + value)))}";

    /// <summary>The (field, value) pairs of an account that are indexed: scalar fields, the first <see cref="MaxFields"/> by name.</summary>
    private static IEnumerable<(string Field, string Value)> IndexedValues(IntegratedAccountRecord account) =>
        account.Context
            .Select(pair => (Field: pair.Key, Value: ContextValue(account.Context, pair.Key)))
            .Where(pair => pair.Value is not null)
            .OrderBy(pair => pair.Field, StringComparer.Ordinal)
            .Take(MaxFields)
            .Select(pair => (pair.Field, pair.Value!));

    private sealed record Hint(Guid Id);
}
