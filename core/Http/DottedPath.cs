using System.Globalization;
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
        string.IsNullOrEmpty(path) ? node : Read(node, path.Split('.'), 0);

    private static JsonNode? Read(JsonNode? node, string[] segments, int from)
    {
        if (from == segments.Length) return node;
        switch (node)
        {
            case JsonObject obj:
                // Longest key first, so that "@odata.nextLink" beats "@odata" then "nextLink".
                for (var to = segments.Length; to > from; to--)
                {
                    var key = to == from + 1 ? segments[from] : string.Join('.', segments, from, to - from);
                    if (obj.TryGetPropertyValue(key, out var child)) return Read(child, segments, to);
                }
                return null;
            case JsonArray array when int.TryParse(segments[from], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index):
                if (index < 0) index += array.Count;
                return index >= 0 && index < array.Count ? Read(array[index], segments, from + 1) : null;
            default:
                return null;
        }
    }
}
