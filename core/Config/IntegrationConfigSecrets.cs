using System.Text.Json.Nodes;
using Serverless.Core.Templating;

namespace Serverless.Core.Config;

/// <summary>
/// The places of a config that hold secrets (OAuth client secret, bearer token, basic password, webhook
/// secrets). GET answers show them masked; a PATCH that sends the mask back keeps the stored value.
/// A value that contains placeholders is a reference (e.g. to an environment variable), not a secret.
/// </summary>
public static class IntegrationConfigSecrets
{
    public const string Mask = "********";

    // "*" matches any key of a map (credential formats, resource and method names).
    private static readonly string[][] SecretPaths =
    [
        ["credentials", "config", "client", "secret"],
        ["credentials", "*", "config", "client", "secret"],
        ["authorization", "config", "token"],
        ["authorization", "config", "password"],
        ["resources", "*", "*", "authorization", "config", "token"],
        ["resources", "*", "*", "authorization", "config", "password"],
        ["webhook", "signature_verification", "config", "secret"],
        ["webhook", "signature_verification", "config", "password"],
        ["webhook", "signature_verification", "config", "token"],
    ];

    /// <summary>A copy of <paramref name="config"/> with every literal secret replaced by <see cref="Mask"/>.</summary>
    public static JsonObject MaskSecrets(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var copy = (JsonObject)config.DeepClone();
        foreach (var (parent, key, _) in FindLiteralSecrets(copy))
        {
            parent[key] = Mask;
        }
        return copy;
    }

    /// <summary>
    /// Every literal secret of <paramref name="config"/> (a non-empty string without placeholders at a
    /// secret path), as the object holding it and its key, so a caller can replace it.
    /// </summary>
    public static IReadOnlyList<(JsonObject Parent, string Key, string Value)> FindLiteralSecrets(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var found = new List<(JsonObject, string, string)>();
        foreach (var path in SecretPaths)
        {
            Visit(config, path, 0, (parent, key, value) =>
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0 && !PlaceholderTemplate.MayContainPlaceholders(text))
                {
                    found.Add((parent, key, text));
                }
            });
        }
        return found;
    }

    /// <summary>
    /// Puts the stored secret back wherever <paramref name="incoming"/> (e.g. a merged PATCH) still holds
    /// <see cref="Mask"/> at a secret path. Mutates <paramref name="incoming"/>.
    /// </summary>
    public static void RestoreMasked(JsonObject incoming, JsonObject? stored)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        foreach (var path in SecretPaths)
        {
            Visit(incoming, path, 0, (parent, key, value) =>
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var text) && text == Mask)
                {
                    var original = Find(stored, parent, key, incoming);
                    parent[key] = original?.DeepClone();
                }
            });
        }
    }

    private static void Visit(JsonObject node, string[] path, int depth, Action<JsonObject, string, JsonNode?> onLeaf)
    {
        var segment = path[depth];
        var keys = segment == "*" ? node.Select(p => p.Key).ToArray() : node.ContainsKey(segment) ? [segment] : [];
        foreach (var key in keys)
        {
            if (depth == path.Length - 1)
            {
                onLeaf(node, key, node[key]);
            }
            else if (node[key] is JsonObject child)
            {
                Visit(child, path, depth + 1, onLeaf);
            }
        }
    }

    // The stored value at the same JSON path as parent[key] in the incoming tree.
    private static JsonNode? Find(JsonObject? stored, JsonObject parent, string key, JsonObject incomingRoot)
    {
        if (stored is null)
        {
            return null;
        }

        var names = new Stack<string>();
        names.Push(key);
        for (JsonNode? node = parent; node is not null && !ReferenceEquals(node, incomingRoot); node = node.Parent)
        {
            names.Push(node.GetPropertyName());
        }

        JsonNode? current = stored;
        foreach (var name in names)
        {
            current = current is JsonObject obj && obj.TryGetPropertyValue(name, out var next) ? next : null;
        }

        return current;
    }
}
