using System.Text.Json.Nodes;
using Serverless.Core.Json;

namespace Serverless.Core.Config.Schema;

/// <summary>
/// An object whose <see cref="Discriminator"/> property (<c>format</c>, <c>type</c>) selects the rule for the
/// rest of it. An unknown value is reported with the list of known ones.
/// </summary>
internal sealed class DiscriminatedRule(string discriminator, IReadOnlyDictionary<string, ObjectRule> variants) : SchemaRule
{
    public string Discriminator { get; } = discriminator;

    public IReadOnlyDictionary<string, ObjectRule> Variants { get; } = variants;

    public override string Expected => "object";

    public override void Validate(JsonNode? node, string path, SchemaContext context)
    {
        if (node is not JsonObject obj)
        {
            AddTypeError(node, path, context);
            return;
        }

        var discriminatorPath = JsonPath.Property(path, Discriminator);
        if (!obj.TryGetPropertyValue(Discriminator, out var value))
        {
            context.Add(discriminatorPath, $"required (one of {string.Join(", ", Variants.Keys)})");
            return;
        }

        if (value is not JsonValue v || !v.TryGetValue<string>(out var name))
        {
            context.Add(discriminatorPath, $"expected string, got {TypeName(value)}");
            return;
        }

        if (!Variants.TryGetValue(name, out var variant))
        {
            context.Add(discriminatorPath, $"unknown {Discriminator} '{name}' (expected {string.Join(", ", Variants.Keys)})");
            return;
        }

        variant.Validate(obj, path, context);
    }
}
