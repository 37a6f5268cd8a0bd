using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Serverless.Core.Json;

namespace Serverless.Core.Templating;

/// <summary>
/// A JSON tree (body, query, headers, auth or signature config) compiled once: strings with placeholders
/// become <see cref="PlaceholderTemplate"/>s, subtrees without any are copied as they are, and
/// <c>$truto_merge</c> keys deep-merge their resolved objects into the containing object.
/// </summary>
public sealed class JsonTemplate
{
    /// <summary>The key whose resolved object is deep-merged into the object that contains it.</summary>
    public const string MergeKey = "$truto_merge";

    private static readonly ConditionalWeakTable<JsonNode, JsonTemplate> CompiledByNode = [];

    private readonly TemplateNode _root;

    private JsonTemplate(TemplateNode root) => _root = root;

    /// <summary>Whether any part of the tree has a placeholder (otherwise it resolves to a copy of itself).</summary>
    public bool HasPlaceholders => _root is not LiteralTemplateNode;

    /// <summary>
    /// Compiles a tree, caching the result per node instance: config trees are long-lived and must not be
    /// mutated after compilation. The tree is fully materialized (safe for concurrent reads) afterwards.
    /// </summary>
    /// <exception cref="PlaceholderSyntaxException">A placeholder has an unknown type.</exception>
    public static JsonTemplate Compile(JsonNode? node)
    {
        if (node is null)
        {
            return new JsonTemplate(LiteralTemplateNode.Null);
        }

        if (CompiledByNode.TryGetValue(node, out var compiled))
        {
            return compiled;
        }

        // Compiling walks the tree, which materializes lazily parsed nodes: that must not run twice at once.
        lock (CompiledByNode)
        {
            return CompiledByNode.GetValue(node, static n => new JsonTemplate(CompileNode(n)));
        }
    }

    /// <summary>Every placeholder configuration error in a tree, with the JSON path of its string.</summary>
    public static IReadOnlyList<TemplateProblem> Check(JsonNode? node, string path = JsonPath.Root)
    {
        var problems = new List<TemplateProblem>();
        CheckNode(node, path, problems);
        return problems;
    }

    /// <summary>Resolves the tree into a new one the caller owns; undefined when the root itself resolves to undefined.</summary>
    public TemplateValue Resolve(ITemplateScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return _root.Resolve(scope);
    }

    /// <summary>Resolves the tree; <c>null</c> for JSON null and for undefined.</summary>
    public JsonNode? ResolveNode(ITemplateScope scope) => Resolve(scope).ToNode();

    private static void CheckNode(JsonNode? node, string path, List<TemplateProblem> problems)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    CheckNode(child, JsonPath.Property(path, key), problems);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    CheckNode(array[i], JsonPath.Index(path, i), problems);
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text) && PlaceholderTemplate.MayContainPlaceholders(text):
                foreach (var problem in PlaceholderTemplate.Check(text))
                {
                    problems.Add(new TemplateProblem(path, problem.Message));
                }

                break;
        }
    }

    private static TemplateNode CompileNode(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                {
                    var entries = new List<KeyValuePair<string, TemplateNode>>(obj.Count);
                    var merges = new List<TemplateNode>();
                    var dynamic = false;
                    foreach (var (key, child) in obj)
                    {
                        if (key == MergeKey)
                        {
                            // An array lists several sources; a single template resolving to an array is not a source.
                            merges.AddRange(child is JsonArray sources ? sources.Select(CompileNode) : [CompileNode(child)]);
                            dynamic = true;
                            continue;
                        }

                        var compiled = CompileNode(child);
                        dynamic |= compiled is not LiteralTemplateNode;
                        entries.Add(new(key, compiled));
                    }

                    return dynamic ? new ObjectTemplateNode([.. entries], [.. merges]) : new LiteralTemplateNode(node);
                }

            case JsonArray array:
                {
                    var items = new TemplateNode[array.Count];
                    var dynamic = false;
                    for (var i = 0; i < items.Length; i++)
                    {
                        items[i] = CompileNode(array[i]);
                        dynamic |= items[i] is not LiteralTemplateNode;
                    }

                    return dynamic ? new ArrayTemplateNode(items) : new LiteralTemplateNode(node);
                }

            case JsonValue value when value.TryGetValue<string>(out var text):
                {
                    // Strings are kept as .NET strings so that resolving does not re-read them from parsed JSON.
                    var template = PlaceholderTemplate.MayContainPlaceholders(text) ? PlaceholderTemplate.Parse(text) : null;
                    return template is { HasPlaceholders: true } ? new StringTemplateNode(template) : new LiteralTemplateNode(node, text);
                }

            default:
                return new LiteralTemplateNode(node);
        }
    }

    private abstract class TemplateNode
    {
        public abstract TemplateValue Resolve(ITemplateScope scope);
    }

    private sealed class LiteralTemplateNode(JsonNode? node, string? text = null) : TemplateNode
    {
        public static readonly LiteralTemplateNode Null = new(null);

        public override TemplateValue Resolve(ITemplateScope scope) =>
            text is not null ? TemplateValue.FromText(text) : TemplateValue.FromNode(node, shared: true);
    }

    private sealed class StringTemplateNode(PlaceholderTemplate template) : TemplateNode
    {
        public override TemplateValue Resolve(ITemplateScope scope) => template.Resolve(scope);
    }

    private sealed class ArrayTemplateNode(TemplateNode[] items) : TemplateNode
    {
        public override TemplateValue Resolve(ITemplateScope scope)
        {
            var array = new JsonArray();
            foreach (var item in items)
            {
                var value = item.Resolve(scope);
                if (!value.IsUndefined)
                {
                    array.Add(value.ToNode());
                }
            }

            return TemplateValue.FromNode(array, shared: false);
        }
    }

    private sealed class ObjectTemplateNode(KeyValuePair<string, TemplateNode>[] entries, TemplateNode[] merges) : TemplateNode
    {
        public override TemplateValue Resolve(ITemplateScope scope)
        {
            var obj = new JsonObject();
            foreach (var (key, child) in entries)
            {
                var value = child.Resolve(scope);
                if (!value.IsUndefined)
                {
                    obj[key] = value.ToNode();
                }
            }

            foreach (var merge in merges)
            {
                // Only objects merge; undefined, null, strings and arrays are skipped.
                if (merge.Resolve(scope).ToNode() is JsonObject source)
                {
                    MergeInto(obj, source);
                }
            }

            return TemplateValue.FromNode(obj, shared: false);
        }

        // deepmerge semantics (what Truto uses): objects merge recursively, arrays concatenate, anything else replaces.
        private static void MergeInto(JsonObject target, JsonObject source)
        {
            foreach (var (key, value) in source.ToArray())
            {
                if (value is JsonObject sourceChild && target[key] is JsonObject targetChild)
                {
                    MergeInto(targetChild, sourceChild);
                }
                else if (value is JsonArray sourceItems && target[key] is JsonArray targetItems)
                {
                    foreach (var item in sourceItems)
                    {
                        targetItems.Add(item?.DeepClone());
                    }
                }
                else
                {
                    target[key] = value?.DeepClone();
                }
            }
        }
    }
}
