using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Storage;

namespace Serverless.Core.Platform;

/// <summary>
/// Keeps the literal secrets of integration configs and overrides (OAuth client secrets, static tokens,
/// webhook secrets; see <see cref="IntegrationConfigSecrets"/>) out of stored documents. On write each
/// one goes to the secret store under a fresh name and the document holds a reference to it; on read
/// the references are resolved. A name is written once and never changed (a new value gets a new
/// name), so resolved values are cached without ever going stale.
/// </summary>
public sealed class ConfigSecretSealer(ISecretStore secrets)
{
    private const string ReferencePrefix = "secret-ref:";
    private const int CacheLimit = 10_000;
    private readonly ConcurrentDictionary<string, string> _resolved = new(StringComparer.Ordinal);

    /// <summary>
    /// Stores <paramref name="config"/>'s literal secrets, runs <paramref name="write"/> with the copy that
    /// refers to them, then deletes the secrets of <paramref name="replaced"/> (the sealed document the
    /// write replaced). Secrets are written before the document and deleted after it, so a crash leaves
    /// at most unreferenced secrets, never a document referring to a missing one; a failed write
    /// deletes the secrets it had stored.
    /// </summary>
    public async Task WriteAsync(Guid ownerId, JsonObject config, JsonObject? replaced, Func<JsonObject, Task> write, CancellationToken cancellationToken)
    {
        var (sealedConfig, written) = await SealAsync(ownerId, config, cancellationToken);
        try
        {
            await write(sealedConfig);
        }
        catch
        {
            await DeleteAsync(written, CancellationToken.None);
            throw;
        }
        if (replaced is not null)
        {
            await DeleteAsync(References(ownerId, replaced), cancellationToken);
        }
    }

    /// <summary>Deletes the secrets a sealed config (of a deleted document) refers to.</summary>
    public Task DeleteReferencedAsync(Guid ownerId, JsonObject sealedConfig, CancellationToken cancellationToken) =>
        DeleteAsync(References(ownerId, sealedConfig), cancellationToken);

    /// <summary>
    /// A copy of <paramref name="config"/> whose literal secrets are references to secret-store entries
    /// written for <paramref name="ownerId"/>, and the names written (for clean-up if the document
    /// write then fails). Every literal is stored, even one that looks like a reference: a caller
    /// must not be able to point a config at a secret it did not write.
    /// </summary>
    internal async Task<(JsonObject Sealed, IReadOnlyList<string> Written)> SealAsync(Guid ownerId, JsonObject config, CancellationToken cancellationToken)
    {
        var copy = (JsonObject)config.DeepClone();
        var written = new List<string>();
        try
        {
            foreach (var (parent, key, value) in IntegrationConfigSecrets.FindLiteralSecrets(copy))
            {
                var name = NamePrefix(ownerId) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
                await secrets.SetAsync(name, value, cancellationToken);
                written.Add(name);
                parent[key] = ReferencePrefix + name;
            }
        }
        catch
        {
            await DeleteAsync(written, CancellationToken.None);
            throw;
        }
        return (copy, written);
    }

    /// <summary>
    /// A copy of <paramref name="config"/> with each of <paramref name="ownerId"/>'s references replaced
    /// by its secret (documents written before sealing existed keep their literals).
    /// </summary>
    /// <exception cref="InvalidOperationException">A referenced secret is missing from the secret store.</exception>
    public async Task<JsonObject> UnsealAsync(Guid ownerId, JsonObject config, CancellationToken cancellationToken)
    {
        if (References(ownerId, config).Count == 0)
        {
            return config;
        }
        var copy = (JsonObject)config.DeepClone();
        foreach (var (parent, key, value) in IntegrationConfigSecrets.FindLiteralSecrets(copy))
        {
            if (TryGetReference(ownerId, value, out var name))
            {
                parent[key] = await ResolveAsync(name, cancellationToken);
            }
        }
        return copy;
    }

    /// <summary>The secret-store names of <paramref name="ownerId"/> that a sealed config refers to.</summary>
    public static IReadOnlyList<string> References(Guid ownerId, JsonObject sealedConfig)
    {
        var names = new List<string>();
        foreach (var (_, _, value) in IntegrationConfigSecrets.FindLiteralSecrets(sealedConfig))
        {
            if (TryGetReference(ownerId, value, out var name))
            {
                names.Add(name);
            }
        }
        return names;
    }

    private static string NamePrefix(Guid ownerId) => $"cfg-{ownerId:N}-";

    // Only names written for this owner count: a reference can never reach another record's secrets.
    private static bool TryGetReference(Guid ownerId, string value, out string name)
    {
        name = value.StartsWith(ReferencePrefix, StringComparison.Ordinal) ? value[ReferencePrefix.Length..] : "";
        return name.StartsWith(NamePrefix(ownerId), StringComparison.Ordinal);
    }

    private async Task DeleteAsync(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        foreach (var name in names)
        {
            _resolved.TryRemove(name, out _);
            await secrets.DeleteAsync(name, cancellationToken);
        }
    }

    private async Task<string> ResolveAsync(string name, CancellationToken cancellationToken)
    {
        if (_resolved.TryGetValue(name, out var cached))
        {
            return cached;
        }
        var value = await secrets.GetAsync(name, cancellationToken)
            ?? throw new InvalidOperationException($"The secret store has no secret '{name}' that a stored config refers to.");
        if (_resolved.Count >= CacheLimit)
        {
            _resolved.Clear();
        }
        _resolved[name] = value;
        return value;
    }
}
