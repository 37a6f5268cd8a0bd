using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Json;

namespace Serverless.Core.Config.Schema;

/// <summary>
/// One node of a small declarative schema for JSON documents (configs, request bodies). A rule reports
/// every problem it finds with its JSON path instead of stopping at the first.
/// </summary>
internal abstract class SchemaRule
{
    /// <summary>What the rule expects, for "expected X, got Y" messages.</summary>
    public abstract string Expected { get; }

    public abstract void Validate(JsonNode? node, string path, SchemaContext context);

    /// <summary>Validates a whole document from <c>$</c>.</summary>
    public IReadOnlyList<ValidationError> Validate(JsonNode? document, Jsonata.IJsonataSyntaxChecker? jsonata = null)
    {
        var context = new SchemaContext(jsonata);
        Validate(document, JsonPath.Root, context);
        return context.Errors;
    }

    protected void AddTypeError(JsonNode? node, string path, SchemaContext context) =>
        context.Add(path, $"expected {Expected}, got {TypeName(node)}");

    public static string TypeName(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        _ => "unknown",
    };
}
