using System.Globalization;
using System.Text.Json;
using Serverless.Core.Jsonata.Values;

namespace Serverless.Core.Jsonata.Extensions;

/// <summary><c>$mapValues</c>, <c>$firstNonEmpty</c>, <c>$removeEmpty</c>, <c>$removeEmptyItems</c>, <c>$jsonParse</c>, <c>$toNumber</c>.</summary>
internal static class ValueFunctions
{
    public static void Register(JsonataFunctionRegistry registry)
    {
        registry.Register("mapValues", "<x-ob?x?:x>", (_, a) => a[1] is not JsonataObject mapping ? null : MapValues(a[0], mapping, a.Length > 2 && a[2] is true, a.Length > 3 ? a[3] : null));
        registry.Register("firstNonEmpty", "<x+:x>", (_, a) => FirstNonEmpty(a));
        registry.Register("removeEmpty", "<o-:o>", (_, a) => a[0] is JsonataObject o ? RemoveEmpty(o) : null);
        registry.Register("removeEmptyItems", "<a-:a>", (_, a) => a[0] is JsonataArray items ? RemoveEmptyItems(items) : null);
        registry.Register("jsonParse", "<s-:x>", (_, a) => a[0] is string s ? JsonParse(s) : null);
        registry.Register("toNumber", "<x-:n>", (_, a) => ToNumber(a[0]));
    }

    private static object? MapValues(object? value, JsonataObject mapping, bool lowerCase, object? fallback)
    {
        if (value is null)
        {
            return fallback;
        }
        if (value is JsonataArray array)
        {
            var result = new JsonataArray(array.Count);
            foreach (var item in array)
            {
                if (MapOne(item, mapping, lowerCase, fallback) is { } mapped) result.Add(mapped);
            }
            return result;
        }
        return MapOne(value, mapping, lowerCase, fallback);
    }

    private static object? MapOne(object? value, JsonataObject mapping, bool lowerCase, object? fallback)
    {
        var key = ExtensionValues.KeyText(value);
        if (lowerCase)
        {
            key = key.ToLowerInvariant();
        }
        return mapping.TryGetValue(key, out var mapped) ? mapped : fallback;
    }

    private static object? FirstNonEmpty(object?[] args)
    {
        foreach (var arg in args)
        {
            if (!ExtensionValues.IsEmpty(arg)) return arg;
        }
        return null;
    }

    private static JsonataObject RemoveEmpty(JsonataObject source)
    {
        var result = new JsonataObject(source.Count);
        foreach (var (key, value) in source)
        {
            if (!ExtensionValues.IsEmpty(value)) result[key] = value;
        }
        return result;
    }

    private static JsonataArray RemoveEmptyItems(JsonataArray source)
    {
        var result = new JsonataArray(source.Count);
        foreach (var item in source)
        {
            if (!ExtensionValues.IsEmpty(item)) result.Add(item);
        }
        return result;
    }

    private static object? JsonParse(string text)
    {
        try
        {
            return JsonValueReader.Parse(text);
        }
        catch (JsonException exception)
        {
            throw ExtensionValues.Error("D3210", $"$jsonParse: the text is not valid JSON ({exception.Message})", text);
        }
    }

    private static object? ToNumber(object? value) => value switch
    {
        double d => d,
        bool b => b ? 1d : 0d,
        string s when s.Trim() is { Length: > 0 } t && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) => n,
        _ => null,
    };
}
