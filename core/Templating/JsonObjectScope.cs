using System.Text.Json.Nodes;

namespace Serverless.Core.Templating;

/// <summary>A scope whose roots are the properties of one JSON object.</summary>
internal sealed class JsonObjectScope(JsonObject? values) : ITemplateScope
{
    public static readonly JsonObjectScope Empty = new(null);

    public bool TryGetRoot(string name, out JsonNode? value)
    {
        if (values is not null && values.TryGetPropertyValue(name, out value))
        {
            return true;
        }

        value = null;
        return false;
    }
}
