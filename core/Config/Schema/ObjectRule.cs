using System.Text.Json.Nodes;
using Serverless.Core.Json;

namespace Serverless.Core.Config.Schema;

/// <summary>One known property of an <see cref="ObjectRule"/>.</summary>
internal sealed record PropertyRule(SchemaRule Rule, bool Required = false, bool Nullable = false);

/// <summary>
/// An object with known properties: missing required ones, unknown ones and wrong types are all
/// reported with their paths. <see cref="Checks"/> add rules that span several properties.
/// </summary>
internal sealed class ObjectRule : SchemaRule
{
    public ObjectRule(IReadOnlyDictionary<string, PropertyRule> properties) => Properties = properties;

    public IReadOnlyDictionary<string, PropertyRule> Properties { get; }

    /// <summary>Cross-property checks, run when the value is an object.</summary>
    public IReadOnlyList<Action<JsonObject, string, SchemaContext>> Checks { get; init; } = [];

    /// <summary>Properties that are accepted without validation (e.g. a discriminator checked by the parent).</summary>
    public IReadOnlyCollection<string> IgnoredProperties { get; init; } = [];

    public override string Expected => "object";

    public override void Validate(JsonNode? node, string path, SchemaContext context)
    {
        if (node is not JsonObject obj)
        {
            AddTypeError(node, path, context);
            return;
        }

        foreach (var (name, property) in Properties)
        {
            if (property.Required && !obj.ContainsKey(name))
            {
                context.Add(JsonPath.Property(path, name), "required");
            }
        }

        foreach (var (key, value) in obj)
        {
            var valuePath = JsonPath.Property(path, key);
            if (!Properties.TryGetValue(key, out var property))
            {
                if (!IgnoredProperties.Contains(key))
                {
                    context.Add(valuePath, $"unknown property (expected one of {string.Join(", ", IgnoredProperties.Concat(Properties.Keys))})");
                }

                continue;
            }

            if (value is null)
            {
                if (!property.Nullable)
                {
                    context.Add(valuePath, property.Required ? "required" : $"expected {property.Rule.Expected}, got null");
                }

                continue;
            }

            property.Rule.Validate(value, valuePath, context);
        }

        foreach (var check in Checks)
        {
            check(obj, path, context);
        }
    }
}
