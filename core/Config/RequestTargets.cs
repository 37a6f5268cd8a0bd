using System.Text.Json.Nodes;
using Serverless.Core.Config.Schema;
using Serverless.Core.Json;

namespace Serverless.Core.Config;

/// <summary>
/// The strings of an integration config that decide where its requests, and the credentials they carry, are sent:
/// base URLs (of the integration, a resource method, an action request), an action request's <c>url</c>, a method's or
/// action's <c>path</c> that is not a plain relative path (a full URL wins over the base URL), and the OAuth endpoints
/// (<c>credentials.*.config.auth</c>). The schema marks them (<see cref="StringRule.Target"/>); an environment token may
/// not change them through an installation's <c>override</c> (docs/platform-api.md).
/// </summary>
public static class RequestTargets
{
    /// <summary>
    /// The JSON paths (from <c>$</c>, sorted) of the request targets that differ between two configs: changed, added or
    /// removed. A relative path changed for another relative path is no change of target.
    /// </summary>
    public static IReadOnlyList<string> Changed(JsonNode? before, JsonNode? after)
    {
        var old = Of(before);
        var now = Of(after);
        return [.. old.Keys.Union(now.Keys, StringComparer.Ordinal)
            .Where(path => !(old.TryGetValue(path, out var was) && now.TryGetValue(path, out var @is) && was == @is))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Whether a <c>path</c> appended to a base URL stays on it: it starts with one <c>/</c>, so it cannot name another host.</summary>
    internal static bool StaysOnBaseUrl(string path) =>
        path.Length == 0 || (path[0] == '/' && (path.Length == 1 || (path[1] != '/' && path[1] != '\\')));

    private static IReadOnlyDictionary<string, string> Of(JsonNode? config)
    {
        var context = new SchemaContext(collectTargets: true);
        IntegrationConfigSchema.Root.Validate(config, JsonPath.Root, context);
        return context.Targets;
    }
}
