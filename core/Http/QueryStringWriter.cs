using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Config;

namespace Serverless.Core.Http;

/// <summary>
/// Writes query parameters held as JSON: scalars as text, arrays per <see cref="QueryArrayFormat"/>,
/// nested objects with brackets (<c>f[x]=1</c>). <c>null</c> values are left out.
/// </summary>
internal static class QueryStringWriter
{
    /// <returns>The encoded query without a leading <c>?</c>; empty when there is nothing to write.</returns>
    public static string Write(JsonObject query, QueryArrayFormat arrayFormat)
    {
        var builder = new StringBuilder();
        foreach (var (key, value) in query) Append(builder, key, value, arrayFormat);
        return builder.ToString();
    }

    /// <summary>Appends the query to a URL that may already carry one.</summary>
    public static string AppendTo(string url, JsonObject query, QueryArrayFormat arrayFormat)
    {
        var encoded = Write(query, arrayFormat);
        if (encoded.Length == 0) return url;
        return url + (url.Contains('?', StringComparison.Ordinal) ? (url.EndsWith('?') || url.EndsWith('&') ? "" : "&") : "?") + encoded;
    }

    private static void Append(StringBuilder builder, string key, JsonNode? value, QueryArrayFormat arrayFormat)
    {
        switch (value)
        {
            case null:
                return;
            case JsonObject nested:
                foreach (var (childKey, child) in nested) Append(builder, $"{key}[{childKey}]", child, arrayFormat);
                return;
            case JsonArray array when arrayFormat == QueryArrayFormat.Comma:
                var scalars = array.Where(item => item is not null and not JsonObject and not JsonArray).Select(item => Scalar(item!));
                Pair(builder, key, string.Join(',', scalars));
                foreach (var item in array.OfType<JsonObject>()) Append(builder, key, item, arrayFormat);
                return;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var itemKey = arrayFormat switch
                    {
                        QueryArrayFormat.Brackets => key + "[]",
                        QueryArrayFormat.Indices => $"{key}[{i.ToString(CultureInfo.InvariantCulture)}]",
                        _ => key,
                    };
                    // Objects inside arrays always carry their index so their fields stay grouped.
                    if (array[i] is JsonObject && arrayFormat != QueryArrayFormat.Indices) itemKey = $"{key}[{i.ToString(CultureInfo.InvariantCulture)}]";
                    Append(builder, itemKey, array[i], arrayFormat);
                }
                return;
            default:
                Pair(builder, key, Scalar(value));
                return;
        }
    }

    private static void Pair(StringBuilder builder, string key, string value)
    {
        if (builder.Length > 0) builder.Append('&');
        builder.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
    }

    /// <summary>The text of a JSON scalar as a query value: strings unquoted, numbers and booleans as JSON writes them.</summary>
    public static string Scalar(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.ToJsonString(),
    };
}
