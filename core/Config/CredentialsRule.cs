using System.Text.Json.Nodes;
using Serverless.Core.Config.Schema;
using Serverless.Core.Json;

namespace Serverless.Core.Config;

/// <summary>
/// <c>credentials</c> is either one <c>{format, config}</c> or a map keyed by format whose values are
/// <c>{config}</c> (or <c>{format, config}</c> with the same format, as Truto's example writes them); both
/// are checked with the same per-format rules.
/// </summary>
internal sealed class CredentialsRule(DiscriminatedRule single) : SchemaRule
{
    public override string Expected => "object";

    public override void Validate(JsonNode? node, string path, SchemaContext context)
    {
        if (node is not JsonObject obj)
        {
            AddTypeError(node, path, context);
            return;
        }

        if (obj.ContainsKey(single.Discriminator))
        {
            single.Validate(obj, path, context);
            return;
        }

        if (obj.Count == 0)
        {
            context.Add(path, $"expected {{format, config}} or a map keyed by format ({string.Join(", ", single.Variants.Keys)})");
            return;
        }

        foreach (var (format, definition) in obj)
        {
            var formatPath = JsonPath.Property(path, format);
            if (!single.Variants.TryGetValue(format, out var variant))
            {
                context.Add(formatPath, $"unknown format '{format}' (expected {string.Join(", ", single.Variants.Keys)})");
                continue;
            }

            // Truto's example repeats the format inside the map value; it must then agree with the key.
            if (definition is JsonObject value && value[single.Discriminator] is { } repeated
                && !(repeated is JsonValue text && text.TryGetValue<string>(out var named) && named == format))
            {
                context.Add(JsonPath.Property(formatPath, single.Discriminator), $"must be '{format}', the key it is under");
            }

            variant.Validate(definition, formatPath, context);
        }
    }
}
