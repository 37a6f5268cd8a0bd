using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Core.Config.Schema;

/// <summary>A boolean, or a string following <see cref="Otherwise"/> (e.g. a JSONata expression that may also be written <c>true</c>).</summary>
internal sealed class BooleanOrRule(StringRule otherwise) : SchemaRule
{
    public StringRule Otherwise { get; } = otherwise;

    public override string Expected => "boolean or " + Otherwise.Expected;

    public override void Validate(JsonNode? node, string path, SchemaContext context)
    {
        switch (node?.GetValueKind())
        {
            case JsonValueKind.True or JsonValueKind.False:
                return;
            case JsonValueKind.String:
                Otherwise.Validate(node, path, context);
                return;
            default:
                AddTypeError(node, path, context);
                return;
        }
    }
}
