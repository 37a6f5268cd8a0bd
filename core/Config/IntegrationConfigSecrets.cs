using System.Text.Json.Nodes;
using Serverless.Core.Templating;

namespace Serverless.Core.Config;

/// <summary>
/// The places of a config that hold secrets (OAuth client secret, bearer token or its alias <c>value</c>,
/// basic password, webhook secrets). GET answers show them masked; a PATCH that sends the mask back keeps the stored value.
/// A value that contains placeholders is a reference (e.g. to an environment variable), not a secret.
/// </summary>
public static class IntegrationConfigSecrets
{
    /// <summary>What a secret value is shown as.</summary>
    public const string Mask = "********";

    // "*" matches any key of a map (credential formats, resource and method names).
    private static readonly string[][] SecretPaths =
    [
        ["credentials", "config", "client", "secret"],
        ["credentials", "*", "config", "client", "secret"],
        ["authorization", "config", "token"],
        ["authorization", "config", "value"],
        ["authorization", "config", "password"],
        ["resources", "*", "*", "authorization", "config", "token"],
        ["resources", "*", "*", "authorization", "config", "value"],
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
    /// The environment variables a secret path of <paramref name="effectiveConfig"/> (an integration
    /// config with an installation's override merged in) takes its value from, as in
    /// <c>"secret": "{{environment_variables.client_secret}}"</c>: they hold secrets too.
    /// </summary>
    public static IReadOnlySet<string> SecretVariables(JsonObject effectiveConfig)
    {
        ArgumentNullException.ThrowIfNull(effectiveConfig);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in SecretPaths)
        {
            Visit(effectiveConfig, path, 0, (_, _, value) =>
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var text) && PlaceholderTemplate.MayContainPlaceholders(text)
                    && PlaceholderTemplate.TryParse(text, out var template, out _))
                {
                    foreach (var part in template.Placeholders.SelectMany(p => p.Parts))
                    {
                        if (part.Segments is ["environment_variables", var name, ..])
                        {
                            names.Add(name);
                        }
                    }
                }
            });
        }
        return names;
    }

    /// <summary>The string values of <paramref name="variables"/> named in <paramref name="secretNames"/>, so a caller can replace them.</summary>
    public static IReadOnlyList<(JsonObject Parent, string Key, string Value)> FindSecretVariables(JsonObject variables, IReadOnlySet<string> secretNames) =>
        variables
            .Where(p => secretNames.Contains(p.Key) && p.Value is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0)
            .Select(p => (variables, p.Key, p.Value!.GetValue<string>()))
            .ToList();

    /// <summary>A copy of <paramref name="variables"/> with the values named in <paramref name="secretNames"/> masked.</summary>
    public static JsonObject MaskVariables(JsonObject variables, IReadOnlySet<string> secretNames)
    {
        var copy = (JsonObject)variables.DeepClone();
        foreach (var name in secretNames)
        {
            if (copy[name] is JsonValue)
            {
                copy[name] = Mask;
            }
        }
        return copy;
    }

    /// <summary>
    /// Puts the stored value back for every variable named in <paramref name="secretNames"/> that
    /// <paramref name="incoming"/> (e.g. a merged PATCH) still holds as <see cref="Mask"/>. Mutates <paramref name="incoming"/>.
    /// </summary>
    public static void RestoreMaskedVariables(JsonObject incoming, JsonObject stored, IReadOnlySet<string> secretNames)
    {
        foreach (var name in secretNames)
        {
            if (incoming[name] is JsonValue v && v.TryGetValue<string>(out var text) && text == Mask)
            {
                incoming[name] = stored[name]?.DeepClone();
            }
        }
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
