using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Core.Templating;

/// <summary>Applies a <see cref="PlaceholderType"/> to a defined value. Values that do not convert are kept.</summary>
internal static class PlaceholderCast
{
    public static TemplateValue Apply(JsonNode? value, PlaceholderType type, bool shared)
    {
        if (value is null)
        {
            return TemplateValue.FromNode(null, shared: false);
        }

        var kind = value.GetValueKind();
        switch (type)
        {
            case PlaceholderType.Str:
                return kind == JsonValueKind.String
                    ? TemplateValue.FromNode(value, shared)
                    : TemplateValue.FromText(TemplateText.Stringify(value));

            case PlaceholderType.Int:
                if (kind == JsonValueKind.Number && TryGetDouble(value, out var number))
                {
                    return FromNumber(Math.Truncate(number));
                }

                if (kind == JsonValueKind.String && TryParseNumber(value.GetValue<string>(), out number))
                {
                    return FromNumber(Math.Truncate(number));
                }

                break;

            case PlaceholderType.Num:
                if (kind == JsonValueKind.String && TryParseNumber(value.GetValue<string>(), out number))
                {
                    return FromNumber(number);
                }

                break;

            case PlaceholderType.Bool:
                if (kind == JsonValueKind.String && TryParseBool(value.GetValue<string>(), out var flag))
                {
                    return TemplateValue.FromNode(JsonValue.Create(flag), shared: false);
                }

                if (kind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    // Truto converts 'true'/'false' strings anywhere inside an object or array.
                    return TemplateValue.FromNode(ConvertBooleans(value), shared: false);
                }

                break;

            case PlaceholderType.Null:
                if (kind == JsonValueKind.String && value.GetValue<string>().AsSpan().Trim().SequenceEqual("null"))
                {
                    return TemplateValue.FromNode(null, shared: false);
                }

                break;

            case PlaceholderType.Json:
                if (kind == JsonValueKind.String)
                {
                    try
                    {
                        return TemplateValue.FromNode(JsonNode.Parse(value.GetValue<string>()), shared: false);
                    }
                    catch (JsonException)
                    {
                        // Not JSON: the original string is kept, as for the other casts.
                    }
                }

                break;
        }

        return TemplateValue.FromNode(value, shared);
    }

    private static bool TryParseBool(string text, out bool value)
    {
        var trimmed = text.AsSpan().Trim();
        value = trimmed.SequenceEqual("true");
        return value || trimmed.SequenceEqual("false");
    }

    private static JsonNode? ConvertBooleans(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, ConvertBooleans(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(ConvertBooleans)]),
        JsonValue v when v.TryGetValue<string>(out var s) && TryParseBool(s, out var flag) => JsonValue.Create(flag),
        _ => node?.DeepClone(),
    };

    private static TemplateValue FromNumber(double number) => TemplateValue.FromNode(Json.JsonNumber.FromDouble(number), shared: false);

    private static bool TryParseNumber(string text, out double number) =>
        double.TryParse(text.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);

    private static bool TryGetDouble(JsonNode node, out double number)
    {
        var value = node.AsValue();
        if (value.TryGetValue(out number))
        {
            return true;
        }

        if (value.TryGetValue(out long l))
        {
            number = l;
            return true;
        }

        if (value.TryGetValue(out int i))
        {
            number = i;
            return true;
        }

        if (value.TryGetValue(out decimal m))
        {
            number = (double)m;
            return true;
        }

        return double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }
}
