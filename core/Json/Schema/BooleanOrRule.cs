using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Core.Json.Schema;

/// <summary>A boolean, or a value following <see cref="Otherwise"/> (e.g. a JSONata expression that may also be written <c>true</c>).</summary>
public sealed class BooleanOrRule(SchemaRule otherwise) : SchemaRule
{
    public SchemaRule Otherwise { get; } = otherwise;

    public override string Expected => "boolean or " + Otherwise.Expected;

    public override void Validate(JsonNode? node, string path, SchemaContext context)
    {
        if (node?.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return;
        Otherwise.Validate(node, path, context);
    }
}
