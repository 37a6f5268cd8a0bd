using System.Text.Json.Nodes;
using Serverless.Core.Json;

namespace Serverless.Core.Config.Schema;

/// <summary>An array whose items all follow <see cref="Items"/>; optionally unique by one string property.</summary>
internal sealed class ArrayRule(SchemaRule items) : SchemaRule
{
    public SchemaRule Items { get; } = items;

    /// <summary>A string property of the items that must be unique (e.g. <c>name</c>).</summary>
    public string? UniqueBy { get; init; }

    /// <summary>Names the items in duplicate messages: "duplicate {label} 'x'".</summary>
    public string UniqueLabel { get; init; } = "name";

    public bool NonEmpty { get; init; }

    public override string Expected => "array";

    public override void Validate(JsonNode? node, string path, SchemaContext context)
    {
        if (node is not JsonArray array)
        {
            AddTypeError(node, path, context);
            return;
        }

        if (NonEmpty && array.Count == 0)
        {
            context.Add(path, "must not be empty");
        }

        HashSet<string>? seen = UniqueBy is null ? null : new(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            var itemPath = JsonPath.Index(path, i);
            Items.Validate(array[i], itemPath, context);
            if (seen is not null && array[i] is JsonObject item && item[UniqueBy!] is JsonValue key && key.TryGetValue<string>(out var name) && !seen.Add(name))
            {
                context.Add(JsonPath.Property(itemPath, UniqueBy!), $"duplicate {UniqueLabel} '{name}'");
            }
        }
    }
}
