using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Serverless.Core.Storage;

namespace Serverless.Core.Platform;

/// <summary>
/// API tokens: table <c>apitokens</c>; token documents in their environment's partition, and one
/// lookup row per token in the partition <c>by-hash</c> (row key = hex SHA-256 of the value).
/// The lookup row is written after the document and deleted before it: a token is usable exactly
/// while its lookup row exists.
/// </summary>
public sealed class ApiTokenRepository(IDocumentStore store, TimeProvider time)
{
    private const string TableName = "apitokens";
    private const string HashPartition = "by-hash";
    private readonly RecordTable<ApiTokenRecord> _table = new(store, TableName);
    private readonly RecordCache<string, ApiCaller> _callers = new();

    /// <summary>A new random token value: 256 bits, base64url, with a recognisable prefix.</summary>
    public static string NewTokenValue() => "sk_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The lookup key of a token value: lowercase hex SHA-256 of its UTF-8 bytes. Only this is stored, never the value.</summary>
    public static string Hash(string tokenValue) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tokenValue)));

    /// <summary>A page of the environment's tokens.</summary>
    public Task<RecordPage<ApiTokenRecord>> ListAsync(Guid environmentId, int limit, string? cursor, CancellationToken cancellationToken) =>
        _table.ListAsync(PlatformPartitions.Of(environmentId), limit, cursor, null, cancellationToken);

    /// <summary>Stores a token of <paramref name="tokenValue"/> (its hash only), then its lookup row, which makes it usable.</summary>
    public async Task<ApiTokenRecord> CreateAsync(string name, Guid environmentId, string tokenValue, string scope, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var record = new ApiTokenRecord(SequentialUuid.Next(now), name, environmentId, Hash(tokenValue), now, now, scope);
        await _table.InsertAsync(PlatformPartitions.Of(environmentId), record.Id, record, [], "api token", cancellationToken);
        await store.InsertAsync(TableName, HashPartition, record.TokenHash, Serialize(new HashEntry(record.Id, environmentId, record.TokenHash, scope)), cancellationToken);
        return record;
    }

    /// <summary>The token with its ETag, or null when the environment has none with that id.</summary>
    public Task<Stored<ApiTokenRecord>?> GetAsync(Guid environmentId, Guid id, CancellationToken cancellationToken) =>
        _table.GetAsync(PlatformPartitions.Of(environmentId), id, cancellationToken);

    /// <summary>
    /// Gives the token with this value <paramref name="scope"/> (the bootstrap's <c>ADMIN_API_TOKEN</c>,
    /// which may have been stored before scopes existed); false when no token has this value.
    /// </summary>
    public async Task<bool> SetScopeAsync(string tokenValue, string scope, CancellationToken cancellationToken)
    {
        var hash = Hash(tokenValue);
        var lookup = await store.GetAsync(TableName, HashPartition, hash, cancellationToken);
        if (lookup is null)
        {
            return false;
        }

        var entry = JsonSerializer.Deserialize<HashEntry>(lookup.Json, PlatformJson.Options)!;
        var current = await GetAsync(entry.EnvironmentId, entry.TokenId, cancellationToken);
        if (current is not null && current.Value.Scope != scope)
        {
            await _table.ReplaceAsync(
                PlatformPartitions.Of(entry.EnvironmentId), entry.TokenId, current.Value with { Scope = scope, UpdatedAt = time.GetUtcNow() },
                current.ETag, [], [], "api token", cancellationToken);
        }

        // The lookup row last: it is what authentication reads.
        if (entry.Scope != scope)
        {
            await store.ReplaceAsync(TableName, HashPartition, hash, Serialize(entry with { Scope = scope }), lookup.ETag, cancellationToken);
            _callers.Evict(hash);
        }

        return true;
    }

    /// <summary>
    /// The caller a presented token value authenticates, or null. Valid tokens are remembered for a moment
    /// (<see cref="RecordCache{TKey, TValue}"/>): a token deleted through this repository is refused at once, one deleted
    /// by another process within <see cref="RecordCache{TKey, TValue}.Lifetime"/>.
    /// </summary>
    public Task<ApiCaller?> AuthenticateAsync(string tokenValue, CancellationToken cancellationToken)
    {
        var hash = Hash(tokenValue);
        return _callers.GetOrReadAsync(hash, (Store: store, Hash: hash), static (key, ct) => ReadCallerAsync(key.Store, key.Hash, ct), cancellationToken);
    }

    private static async Task<ApiCaller?> ReadCallerAsync(IDocumentStore store, string hash, CancellationToken cancellationToken)
    {
        var document = await store.GetAsync(TableName, HashPartition, hash, cancellationToken);
        if (document is null)
        {
            return null;
        }

        var entry = JsonSerializer.Deserialize<HashEntry>(document.Json, PlatformJson.Options)!;
        var matches = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(entry.TokenHash), Encoding.ASCII.GetBytes(hash));
        return matches ? new ApiCaller(entry.TokenId, entry.EnvironmentId, entry.Scope ?? ApiTokenScope.Environment) : null;
    }

    /// <summary>Whether any token exists (the API token bootstrap asks this at start-up).</summary>
    public async Task<bool> AnyAsync(CancellationToken cancellationToken) =>
        (await store.QueryAsync(TableName, HashPartition, 1, null, cancellationToken)).Documents.Count > 0;

    /// <summary>Deletes a token read with <see cref="GetAsync"/>; false when it is gone already.</summary>
    public async Task<bool> DeleteAsync(Stored<ApiTokenRecord> current, CancellationToken cancellationToken)
    {
        await store.DeleteAsync(TableName, HashPartition, current.Value.TokenHash, cancellationToken: cancellationToken);
        _callers.Evict(current.Value.TokenHash);
        return await _table.DeleteAsync(PlatformPartitions.Of(current.Value.EnvironmentId), current.Value.Id, current.ETag, [], cancellationToken);
    }

    private static string Serialize(HashEntry entry) => JsonSerializer.Serialize(entry, PlatformJson.Options);

    /// <param name="Scope">Null in rows written before scopes existed: <see cref="ApiTokenScope.Environment"/>.</param>
    private sealed record HashEntry(Guid TokenId, Guid EnvironmentId, string TokenHash, string? Scope = null);
}

/// <summary>Who is calling: the token, the environment it belongs to and its <see cref="ApiTokenScope"/>.</summary>
public sealed record ApiCaller(Guid TokenId, Guid EnvironmentId, string Scope = ApiTokenScope.Environment)
{
    /// <summary>Whether the token has <see cref="ApiTokenScope.Admin"/> scope.</summary>
    public bool IsAdmin => Scope == ApiTokenScope.Admin;
}
