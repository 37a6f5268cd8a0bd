using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Core.Http;

/// <summary>
/// Reads dotted paths (<c>paging.next.after</c>, <c>items.0.id</c>, <c>data.-1.id</c> for the last item)
/// used by <c>response_path</c> and pagination options. A key that itself contains dots
/// (<c>@odata.nextLink</c>) is found as long as it is the longest match at its level.
/// </summary>
internal static class DottedPath
{
    /// <summary>The node at the path; <c>null</c> when a step is missing. An empty path is the node itself.</summary>
    public static JsonNode? Read(JsonNode? node, string? path) =>
        string.IsNullOrEmpty(path) ? node : Read(node, path.Split('.'), 0, default(NodeSteps));

    /// <summary>The element at the path, as <see cref="Read(JsonNode?, string?)"/> reads a tree: for a document read as it came.</summary>
    public static JsonElement? Read(JsonElement element, string? path) =>
        string.IsNullOrEmpty(path) ? element : Read<JsonElement?, ElementSteps>(element, path.Split('.'), 0, default);

    private static T? Read<T, TSteps>(T? node, string[] segments, int from, TSteps steps) where TSteps : struct, IPathSteps<T>
    {
        if (from == segments.Length) return node;
        if (steps.IsObject(node))
        {
            // Longest key first, so that "@odata.nextLink" beats "@odata" then "nextLink".
            for (var to = segments.Length; to > from; to--)
            {
                var key = to == from + 1 ? segments[from] : string.Join('.', segments, from, to - from);
                if (steps.TryGetProperty(node, key, out var child)) return Read(child, segments, to, steps);
            }
            return default;
        }
        if (steps.ArrayLength(node) is { } length && int.TryParse(segments[from], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            if (index < 0) index += length;
            return index >= 0 && index < length ? Read(steps.Item(node, index), segments, from + 1, steps) : default;
        }
        return default;
    }

    /// <summary>One step of a path in a kind of JSON value (a tree's node, a document's element); <c>null</c> is missing.</summary>
    private interface IPathSteps<T>
    {
        bool IsObject(T? node);

        bool TryGetProperty(T? node, string key, out T? child);

        /// <returns>The length of an array; <c>null</c> for anything else.</returns>
        int? ArrayLength(T? node);

        T? Item(T? node, int index);
    }

    private readonly struct NodeSteps : IPathSteps<JsonNode>
    {
        public bool IsObject(JsonNode? node) => node is JsonObject;

        public bool TryGetProperty(JsonNode? node, string key, out JsonNode? child) => ((JsonObject)node!).TryGetPropertyValue(key, out child);

        public int? ArrayLength(JsonNode? node) => (node as JsonArray)?.Count;

        public JsonNode? Item(JsonNode? node, int index) => ((JsonArray)node!)[index];
    }

    private readonly struct ElementSteps : IPathSteps<JsonElement?>
    {
        public bool IsObject(JsonElement? node) => node?.ValueKind == JsonValueKind.Object;

        public bool TryGetProperty(JsonElement? node, string key, out JsonElement? child)
        {
            var found = node!.Value.TryGetProperty(key, out var value);
            child = found ? value : null;
            return found;
        }

        public int? ArrayLength(JsonElement? node) => node?.ValueKind == JsonValueKind.Array ? node.Value.GetArrayLength() : null;

        public JsonElement? Item(JsonElement? node, int index) => node!.Value[index];
    }
}
