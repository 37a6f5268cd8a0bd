using System.Text.Json.Nodes;

namespace Serverless.Core.Proxy;

/// <summary>The platform's own query parameters, which are never forwarded to the vendor.</summary>
public static class PlatformQueryParameters
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "integrated_account_id", "limit", "next_cursor", "prev_cursor", "truto_ignore_remote_data", "truto_response_format",
    };

    /// <summary>Whether query parameter <paramref name="name"/> is the platform's (case-sensitive).</summary>
    public static bool IsPlatform(string name) => Names.Contains(name);

    /// <summary>The caller's query as JSON, minus the platform's parameters; repeated keys become arrays.</summary>
    public static JsonObject Forwarded(IEnumerable<KeyValuePair<string, string[]>> query)
    {
        var result = new JsonObject();
        foreach (var (name, values) in query)
        {
            if (IsPlatform(name) || values.Length == 0) continue;
            result[name] = values.Length == 1 ? JsonValue.Create(values[0]) : new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
        }
        return result;
    }
}
