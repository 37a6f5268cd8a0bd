using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Storage;

namespace Serverless.Core.Platform;

/// <summary>
/// Keeps the secrets written into integration configs, overrides and environment variables (see
/// <see cref="IntegrationConfigSecrets"/>) out of stored documents. On write each one goes to the secret
/// store under a fresh name and the document holds a reference to it; on read the references are
/// resolved. A name is written once and never changed (a new value gets a new name), so resolved
/// values are cached without ever going stale.
/// </summary>
public sealed class ConfigSecretSealer(ISecretStore secrets)
{
    private const string ReferencePrefix = "secret-ref:";
    private const int CacheLimit = 10_000;
    private readonly ConcurrentDictionary<string, string> _resolved = new(StringComparer.Ordinal);

    /// <summary>
    /// Stores each of <paramref name="secretValues"/> (places in the caller's copy of a document) under a
    /// new name of <paramref name="ownerId"/>, putting a reference in its place; runs <paramref name="write"/>;
    /// then deletes the secrets that <paramref name="replaced"/> (the stored documents the write replaced)
    /// referred to. Secrets are written before the document and deleted after it, so a crash leaves at
    /// most unreferenced secrets, never a document referring to a missing one; a failed write deletes
    /// the secrets it had stored. Every value is stored, even one that looks like a reference: a caller
    /// must not be able to point a document at a secret it did not write.
    /// </summary>
    public async Task WriteAsync(
        Guid ownerId, IReadOnlyList<(JsonObject Parent, string Key, string Value)> secretValues, IEnumerable<JsonObject> replaced,
        Func<Task> write, CancellationToken cancellationToken)
    {
        var written = new List<string>();
        try
        {
            foreach (var (parent, key, value) in secretValues)
            {
                var name = NamePrefix(ownerId) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
                await secrets.SetAsync(name, value, cancellationToken);
                written.Add(name);
                parent[key] = ReferencePrefix + name;
            }
            await write();
        }
        catch
        {
            await DeleteAsync(written, CancellationToken.None);
            throw;
        }
        foreach (var document in replaced)
        {
            await DeleteReferencedAsync(ownerId, document, cancellationToken);
        }
    }

    /// <summary>Deletes the secrets a stored document (e.g. of a deleted record) refers to.</summary>
    public Task DeleteReferencedAsync(Guid ownerId, JsonObject sealedDocument, CancellationToken cancellationToken) =>
        DeleteAsync(References(ownerId, sealedDocument), cancellationToken);

    /// <summary>
    /// A copy of <paramref name="document"/> with each of <paramref name="ownerId"/>'s references replaced
    /// by its secret (documents written before sealing existed keep their literals).
    /// </summary>
    /// <exception cref="InvalidOperationException">A referenced secret is missing from the secret store.</exception>
    public async Task<JsonObject> UnsealAsync(Guid ownerId, JsonObject document, CancellationToken cancellationToken)
    {
        if (References(ownerId, document).Count == 0)
        {
            return document;
        }
        var copy = (JsonObject)document.DeepClone();
        foreach (var (parent, key, name) in FindReferences(ownerId, copy))
        {
            parent[key] = await ResolveAsync(name, cancellationToken);
        }
        return copy;
    }

    /// <summary>The secret-store names of <paramref name="ownerId"/> that a stored document refers to.</summary>
    public static IReadOnlyList<string> References(Guid ownerId, JsonObject sealedDocument) =>
        FindReferences(ownerId, sealedDocument).Select(r => r.Name).ToList();

    private static string NamePrefix(Guid ownerId) => $"cfg-{ownerId:N}-";

    // Every reference anywhere in the document; only names written for this owner count, so a
    // reference can never reach another record's secrets.
    private static List<(JsonObject Parent, string Key, string Name)> FindReferences(Guid ownerId, JsonObject document)
    {
        var found = new List<(JsonObject, string, string)>();
        var prefix = ReferencePrefix + NamePrefix(ownerId);
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        if (value is JsonValue v && v.TryGetValue<string>(out var text) && text.StartsWith(prefix, StringComparison.Ordinal))
                        {
                            found.Add((obj, key, text[ReferencePrefix.Length..]));
                        }
                        else
                        {
                            Walk(value);
                        }
                    }
                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Walk(item);
                    }
                    break;
            }
        }
        Walk(document);
        return found;
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
