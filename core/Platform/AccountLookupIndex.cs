using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Storage;

namespace Serverless.Core.Platform;

/// <summary>
/// Finds an environment integration's accounts by a context value without scanning the environment: rows in the
/// accounts' own partition (table <c>integratedaccounts</c>), one per account and top-level scalar context field,
/// keyed <c>l:&lt;installation id&gt;:&lt;sha256(field, value)&gt;:&lt;account id&gt;</c>, so one prefix read lists the accounts
/// with that value, oldest first (account ids are UUIDv7). Rows are written with the account document (same batch)
/// and rows of values the account no longer has are removed after it; a row that no longer matches its account is
/// skipped on read, so a crash in between leaves nothing wrong, only a stale row.
/// </summary>
/// <remarks>
/// Environments created before the index existed hold accounts without rows: the marker row
/// <see cref="CompleteMarker"/> says an environment's rows are complete (written when an environment is created);
/// without it the first lookup indexes every account of the environment, then writes the marker.
/// </remarks>
internal static class AccountLookupIndex
{
    public const string Table = "integratedaccounts";

    /// <summary>The most fields of one account that are indexed (by field name order): a batch holds at most 100 writes.</summary>
    public const int MaxFields = 48;

    /// <summary>Sorts after every document (<c>i:</c>) and guard (<c>n:</c>) row, so partition listings stop before it.</summary>
    public const string CompleteMarker = "x:lookup-index-complete";

    private const string Prefix = "l:";
    private static readonly string EntryJson = "{}";

    /// <summary>The row-key prefix of the accounts of <paramref name="installId"/> whose <paramref name="field"/> reads <paramref name="value"/>.</summary>
    public static string ValuePrefix(Guid installId, string field, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(field + "\0" + value);
        return $"{Prefix}{installId:N}:{Convert.ToHexStringLower(SHA256.HashData(bytes))}:";
    }

    /// <summary>The account a lookup row points to.</summary>
    public static Guid AccountOf(string rowKey) => Guid.ParseExact(rowKey.AsSpan(rowKey.LastIndexOf(':') + 1), "N");

    /// <summary>The lookup rows <paramref name="account"/> should have.</summary>
    public static IReadOnlyList<string> RowKeys(IntegratedAccountRecord account)
    {
        var keys = new List<string>();
        foreach (var (field, _) in account.Context.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (keys.Count == MaxFields)
            {
                break;
            }

            if (ContextValue(account.Context, field) is { } value)
            {
                keys.Add(ValuePrefix(account.EnvironmentIntegrationId, field, value) + account.Id.ToString("N"));
            }
        }

        return keys;
    }

    /// <summary>Batch writes that give <paramref name="account"/> its rows (upserts: some may exist already).</summary>
    public static IEnumerable<DocumentOperation> Upserts(IEnumerable<string> rowKeys) => rowKeys.Select(key => DocumentOperation.Upsert(key, EntryJson));

    /// <summary>A context field as lookups compare it: strings as they are, other scalars as JSON text; objects and arrays never match.</summary>
    public static string? ContextValue(JsonObject context, string field) => context[field] switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value => value.ToJsonString(),
        _ => null,
    };

    /// <summary>Marks an environment's rows complete (a new environment has no accounts to index).</summary>
    public static Task MarkCompleteAsync(IDocumentStore store, Guid environmentId, CancellationToken cancellationToken) =>
        store.UpsertAsync(Table, PlatformPartitions.Of(environmentId), CompleteMarker, JsonSerializer.Serialize(new { indexed_at = DateTimeOffset.UtcNow }), cancellationToken);
}
