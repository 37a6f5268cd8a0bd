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
    private readonly RecordTable<ApiTokenRecord> table = new(store, TableName);

    /// <summary>A new random token value: 256 bits, base64url, with a recognisable prefix.</summary>
    public static string NewTokenValue() => "sk_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string tokenValue) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tokenValue)));

    public Task<RecordPage<ApiTokenRecord>> ListAsync(Guid environmentId, int limit, string? cursor, CancellationToken cancellationToken) =>
        table.ListAsync(PlatformPartitions.Of(environmentId), limit, cursor, null, cancellationToken);

    public async Task<ApiTokenRecord> CreateAsync(string name, Guid environmentId, string tokenValue, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var record = new ApiTokenRecord(SequentialUuid.Next(now), name, environmentId, Hash(tokenValue), now, now);
        await table.InsertAsync(PlatformPartitions.Of(environmentId), record.Id, record, [], "api token", cancellationToken);
        await store.InsertAsync(TableName, HashPartition, record.TokenHash, JsonSerializer.Serialize(new HashEntry(record.Id, environmentId, record.TokenHash), PlatformJson.Options), cancellationToken);
        return record;
    }

    /// <summary>The caller a presented token value authenticates, or null.</summary>
    public async Task<ApiCaller?> AuthenticateAsync(string tokenValue, CancellationToken cancellationToken)
    {
        var hash = Hash(tokenValue);
        var document = await store.GetAsync(TableName, HashPartition, hash, cancellationToken);
        if (document is null)
        {
            return null;
        }

        var entry = JsonSerializer.Deserialize<HashEntry>(document.Json, PlatformJson.Options)!;
        var matches = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(entry.TokenHash), Encoding.ASCII.GetBytes(hash));
        return matches ? new ApiCaller(entry.TokenId, entry.EnvironmentId) : null;
    }

    public async Task<bool> ExistsAsync(string tokenValue, CancellationToken cancellationToken) =>
        await store.GetAsync(TableName, HashPartition, Hash(tokenValue), cancellationToken) is not null;

    public async Task<bool> AnyAsync(CancellationToken cancellationToken) =>
        (await store.QueryAsync(TableName, HashPartition, 1, null, cancellationToken)).Documents.Count > 0;

    /// <summary>Deletes a token of one environment; false when that environment has no such token.</summary>
    public async Task<bool> DeleteAsync(Guid environmentId, Guid id, CancellationToken cancellationToken)
    {
        var current = await table.GetAsync(PlatformPartitions.Of(environmentId), id, cancellationToken);
        if (current is null)
        {
            return false;
        }

        await store.DeleteAsync(TableName, HashPartition, current.Value.TokenHash, cancellationToken: cancellationToken);
        return await table.DeleteAsync(PlatformPartitions.Of(environmentId), id, current.ETag, [], cancellationToken);
    }

    private sealed record HashEntry(Guid TokenId, Guid EnvironmentId, string TokenHash);
}

/// <summary>Who is calling: the token and the environment it belongs to.</summary>
public sealed record ApiCaller(Guid TokenId, Guid EnvironmentId);
