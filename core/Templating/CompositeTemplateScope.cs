using System.Text.Json.Nodes;

namespace Serverless.Core.Templating;

/// <summary>
/// Named roots first (<c>query</c>, <c>body</c>, <c>id</c>, <c>pagination</c> ...), then the fallback
/// scopes in order (for the proxy: the account context, so <c>{{api_key}}</c> works at the top level).
/// Builder-style <see cref="With"/> mutates this instance; build one per request.
/// </summary>
public sealed class CompositeTemplateScope : ITemplateScope
{
    private readonly Dictionary<string, JsonNode?> _roots = new(StringComparer.Ordinal);
    private readonly List<ITemplateScope> _fallbacks = [];

    /// <summary>Sets root <paramref name="name"/> to <paramref name="value"/>, replacing an earlier one; returns this scope.</summary>
    public CompositeTemplateScope With(string name, JsonNode? value)
    {
        _roots[name] = value;
        return this;
    }

    /// <summary>Adds a scope searched, after the named roots and earlier fallbacks, for names they lack; returns this scope.</summary>
    public CompositeTemplateScope WithFallback(ITemplateScope scope)
    {
        _fallbacks.Add(scope);
        return this;
    }

    /// <summary>Adds the properties of <paramref name="values"/> as a fallback scope (nothing when null).</summary>
    public CompositeTemplateScope WithFallback(JsonObject? values) => WithFallback(new JsonObjectScope(values));

    /// <inheritdoc/>
    public bool TryGetRoot(string name, out JsonNode? value)
    {
        if (_roots.TryGetValue(name, out value))
        {
            return true;
        }

        foreach (var scope in _fallbacks)
        {
            if (scope.TryGetRoot(name, out value))
            {
                return true;
            }
        }

        value = null;
        return false;
    }
}
