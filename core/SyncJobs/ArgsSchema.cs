using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Serverless.Core.Config.Schema;
using Serverless.Core.Json;

namespace Serverless.Core.SyncJobs;

/// <summary>
/// The JSON Schema subset of a sync job's <c>args_schema</c> (Truto's <c>JsonSchemaObject</c>): <c>type</c> (one name or
/// a list), <c>properties</c>, <c>required</c> (a list of names, or Truto's <c>required: true</c> on a property),
/// <c>additionalProperties</c> (boolean), <c>items</c>, <c>enum</c>, <c>const</c>, <c>minimum</c>/<c>maximum</c>,
/// <c>minLength</c>/<c>maxLength</c>, <c>pattern</c>, <c>minItems</c>/<c>maxItems</c>, <c>format</c> (<c>date-time</c>,
/// <c>date</c>, <c>email</c>, <c>uri</c>, <c>uuid</c>) and the annotations <c>default</c>, <c>description</c>,
/// <c>title</c>, <c>examples</c>. Any other keyword is refused when the schema is saved, so nothing a user writes is
/// silently left unchecked.
/// </summary>
internal static class ArgsSchema
{
    private static readonly string[] Types = ["object", "array", "string", "number", "integer", "boolean", "null"];
    private static readonly string[] Formats = ["date-time", "date", "email", "uri", "uuid"];
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "type", "properties", "required", "additionalProperties", "items", "enum", "const", "minimum", "maximum", "minLength", "maxLength",
        "pattern", "minItems", "maxItems", "format", "default", "description", "title", "examples", "$ref",
    };

    /// <summary>Every problem of a schema, with paths under <paramref name="path"/>.</summary>
    public static IReadOnlyList<ValidationError> Check(JsonObject schema, string path)
    {
        var errors = new List<ValidationError>();
        CheckSchema(schema, path, errors, root: true);
        return errors;
    }

    /// <summary>
    /// Validates <paramref name="args"/> against a valid schema and returns them with the defaults of missing
    /// properties filled in (top level and nested objects).
    /// </summary>
    public static (JsonObject Args, IReadOnlyList<ValidationError> Errors) Validate(JsonObject? schema, JsonObject? args, string path)
    {
        var copy = (JsonObject?)args?.DeepClone() ?? [];
        var errors = new List<ValidationError>();
        if (schema is not null)
        {
            ValidateValue(copy, schema, path, errors);
        }
        return (copy, errors);
    }

    /// <summary>The property names a schema declares at its top level (null when it does not restrict them).</summary>
    public static IReadOnlySet<string>? DeclaredProperties(JsonObject? schema) =>
        schema is null || schema["additionalProperties"]?.GetValueKind() != JsonValueKind.False || schema["properties"] is not JsonObject properties
            ? null
            : properties.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

    private static void CheckSchema(JsonNode? node, string path, List<ValidationError> errors, bool root = false)
    {
        if (node is not JsonObject schema)
        {
            errors.Add(new(path, $"expected a schema object, got {SchemaRule.TypeName(node)}"));
            return;
        }

        foreach (var (keyword, value) in schema)
        {
            var at = JsonPath.Property(path, keyword);
            if (!Keywords.Contains(keyword) || keyword == "$ref")
            {
                errors.Add(new(at, $"unsupported keyword (expected one of {string.Join(", ", Keywords.Where(k => k != "$ref"))})"));
                continue;
            }

            switch (keyword)
            {
                case "type":
                    var names = value is JsonArray list ? list.Select(item => item is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).ToList() : [Text(value)];
                    if (names.Count == 0 || names.Any(name => name is null || !Types.Contains(name)))
                    {
                        errors.Add(new(at, $"expected a type name or a list of them ({string.Join(", ", Types)})"));
                    }
                    else if (root && !names.Contains("object"))
                    {
                        errors.Add(new(at, "the arguments are an object: the top-level type must be object"));
                    }
                    break;
                case "properties":
                    if (value is not JsonObject properties)
                    {
                        errors.Add(new(at, "expected an object of property schemas"));
                        break;
                    }
                    foreach (var (name, property) in properties)
                    {
                        CheckSchema(property, JsonPath.Property(at, name), errors);
                    }
                    break;
                case "required":
                    var valid = value?.GetValueKind() is JsonValueKind.True or JsonValueKind.False
                        || (value is JsonArray required && required.All(item => item is JsonValue v && v.TryGetValue<string>(out _)));
                    if (!valid)
                    {
                        errors.Add(new(at, "expected a list of property names (or true/false on a property)"));
                    }
                    break;
                case "additionalProperties":
                    if (value?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        errors.Add(new(at, "expected true or false"));
                    }
                    break;
                case "items":
                    CheckSchema(value, at, errors);
                    break;
                case "enum" when value is not JsonArray { Count: > 0 }:
                    errors.Add(new(at, "expected a non-empty list of values"));
                    break;
                case "minimum" or "maximum" when value?.GetValueKind() != JsonValueKind.Number:
                    errors.Add(new(at, "expected a number"));
                    break;
                case "minLength" or "maxLength" or "minItems" or "maxItems" when !IsCount(value):
                    errors.Add(new(at, "expected a non-negative integer"));
                    break;
                case "pattern":
                    if (Text(value) is not { } pattern || !IsRegex(pattern))
                    {
                        errors.Add(new(at, "expected a valid regular expression"));
                    }
                    break;
                case "format" when Text(value) is not { } format || !Formats.Contains(format):
                    errors.Add(new(at, $"unsupported format (expected one of {string.Join(", ", Formats)})"));
                    break;
                case "description" or "title" when Text(value) is null:
                    errors.Add(new(at, "expected a string"));
                    break;
            }
        }
    }

    private static void ValidateValue(JsonNode? value, JsonObject schema, string path, List<ValidationError> errors)
    {
        if (schema["type"] is { } type)
        {
            var names = type is JsonArray list ? list.Select(item => item!.GetValue<string>()).ToList() : [type.GetValue<string>()];
            if (!names.Any(name => IsOfType(value, name)))
            {
                errors.Add(new(path, $"expected {string.Join(" or ", names)}, got {SchemaRule.TypeName(value)}"));
                return;
            }
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(item => JsonNode.DeepEquals(item, value)))
        {
            errors.Add(new(path, $"must be one of {string.Join(", ", allowed.Select(item => item?.ToJsonString() ?? "null"))}"));
        }
        if (schema.TryGetPropertyValue("const", out var constant) && !JsonNode.DeepEquals(constant, value))
        {
            errors.Add(new(path, $"must be {constant?.ToJsonString() ?? "null"}"));
        }

        switch (value)
        {
            case JsonObject obj:
                ValidateObject(obj, schema, path, errors);
                break;
            case JsonArray array:
                if (schema["minItems"] is { } minItems && array.Count < Number(minItems)) errors.Add(new(path, $"must have at least {minItems} items"));
                if (schema["maxItems"] is { } maxItems && array.Count > Number(maxItems)) errors.Add(new(path, $"must have at most {maxItems} items"));
                if (schema["items"] is JsonObject items)
                {
                    for (var i = 0; i < array.Count; i++) ValidateValue(array[i], items, JsonPath.Index(path, i), errors);
                }
                break;
            case JsonValue scalar when scalar.GetValueKind() == JsonValueKind.Number:
                var number = Number(scalar);
                if (schema["minimum"] is { } minimum && number < Number(minimum)) errors.Add(new(path, $"must be at least {minimum}"));
                if (schema["maximum"] is { } maximum && number > Number(maximum)) errors.Add(new(path, $"must be at most {maximum}"));
                break;
            case JsonValue scalar when scalar.TryGetValue<string>(out var text):
                if (schema["minLength"] is { } minLength && text.Length < Number(minLength)) errors.Add(new(path, $"must be at least {minLength} characters"));
                if (schema["maxLength"] is { } maxLength && text.Length > Number(maxLength)) errors.Add(new(path, $"must be at most {maxLength} characters"));
                if (Text(schema["pattern"]) is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100)))
                {
                    errors.Add(new(path, $"must match the pattern {pattern}"));
                }
                if (Text(schema["format"]) is { } format && !HasFormat(text, format)) errors.Add(new(path, $"is not a valid {format}"));
                break;
        }
    }

    private static void ValidateObject(JsonObject obj, JsonObject schema, string path, List<ValidationError> errors)
    {
        var properties = schema["properties"] as JsonObject ?? [];
        var required = (schema["required"] as JsonArray)?.Select(item => item!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var (name, node) in properties)
        {
            var property = (JsonObject)node!;
            if (!obj.ContainsKey(name))
            {
                if (property.TryGetPropertyValue("default", out var fallback))
                {
                    obj[name] = fallback?.DeepClone();
                }
                else if (required.Contains(name) || property["required"]?.GetValueKind() == JsonValueKind.True)
                {
                    errors.Add(new(JsonPath.Property(path, name), "required"));
                    continue;
                }
                else
                {
                    continue;
                }
            }
            ValidateValue(obj[name], property, JsonPath.Property(path, name), errors);
        }

        foreach (var name in required.Where(name => !properties.ContainsKey(name) && !obj.ContainsKey(name)))
        {
            errors.Add(new(JsonPath.Property(path, name), "required"));
        }
        if (schema["additionalProperties"]?.GetValueKind() == JsonValueKind.False)
        {
            foreach (var (name, _) in obj.Where(pair => !properties.ContainsKey(pair.Key)).ToList())
            {
                errors.Add(new(JsonPath.Property(path, name), $"unknown argument (expected one of {string.Join(", ", properties.Select(p => p.Key))})"));
            }
        }
    }

    private static bool IsOfType(JsonNode? value, string type) => (type, value?.GetValueKind()) switch
    {
        ("null", null or JsonValueKind.Null) => true,
        ("object", JsonValueKind.Object) => true,
        ("array", JsonValueKind.Array) => true,
        ("string", JsonValueKind.String) => true,
        ("boolean", JsonValueKind.True or JsonValueKind.False) => true,
        ("number", JsonValueKind.Number) => true,
        ("integer", JsonValueKind.Number) => Number(value!) is var n && n == Math.Floor(n) && !double.IsInfinity(n),
        _ => false,
    };

    private static bool HasFormat(string text, string format) => format switch
    {
        "date-time" => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _) && text.Contains('T', StringComparison.OrdinalIgnoreCase),
        "date" => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "email" => text.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && at < text.Length - 1 && !text.Contains(' ', StringComparison.Ordinal),
        "uri" => Uri.TryCreate(text, UriKind.Absolute, out _),
        "uuid" => Guid.TryParseExact(text, "D", out _),
        _ => true,
    };

    // Parsed and constructed numbers alike (a JsonValue made from an int does not read as double).
    private static double Number(JsonNode? node) => double.Parse(node!.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static bool IsCount(JsonNode? node) =>
        node?.GetValueKind() == JsonValueKind.Number && Number(node) is var n && n >= 0 && n == Math.Floor(n);

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
