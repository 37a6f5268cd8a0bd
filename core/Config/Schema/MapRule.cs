using System.Text.Json.Nodes;
using Serverless.Core.Json;

namespace Serverless.Core.Config.Schema;

/// <summary>An object used as a dictionary: any keys (optionally checked), values following <see cref="Values"/>.</summary>
internal sealed class MapRule(SchemaRule values) : SchemaRule
{
    public SchemaRule Values { get; } = values;

    /// <summary>A <c>null</c> value is allowed (e.g. a header set to null removes it).</summary>
    public bool NullValues { get; init; }

    /// <summary>Returns a problem with the key, or <c>null</c> when it is acceptable.</summary>
    public Func<string, string?>? KeyCheck { get; init; }

    public override string Expected => "object";

    public override void Validate(JsonNode? node, string path, SchemaContext context)
    {
        if (node is not JsonObject obj)
        {
            AddTypeError(node, path, context);
            return;
        }

        foreach (var (key, value) in obj)
        {
            var valuePath = JsonPath.Property(path, key);
            if (KeyCheck?.Invoke(key) is { } problem)
            {
                context.Add(valuePath, problem);
            }

            if (value is null && NullValues)
            {
                continue;
            }

            Values.Validate(value, valuePath, context);
        }
    }
}
