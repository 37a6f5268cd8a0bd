using System.Text.Json.Nodes;
using Serverless.Core.Templating;

namespace Serverless.Core.Proxy;

/// <summary>
/// The scope a vendor request is templated against (SPEC §2.1): the account context at the top level
/// and as <c>context.*</c>/<c>credentials.*</c>, plus <c>environment_variables</c>, <c>query</c>,
/// <c>body</c>, <c>id</c> and <c>pagination</c>.
/// </summary>
public static class ProxyTemplateScope
{
    /// <summary>The scope of one vendor request; a null <paramref name="query"/> or <paramref name="pagination"/> is an empty object, a null <paramref name="body"/> or <paramref name="id"/> is absent.</summary>
    public static CompositeTemplateScope Create(JsonObject context, JsonObject environmentVariables, JsonObject? query, JsonNode? body, string? id, JsonObject? pagination)
    {
        var scope = new CompositeTemplateScope()
            .With("context", context)
            .With("credentials", context)
            .With("environment_variables", environmentVariables)
            .With("query", query ?? [])
            .With("pagination", pagination ?? []);
        if (body is not null) scope.With("body", body);
        if (id is not null) scope.With("id", id);
        return scope.WithFallback(context);
    }
}
