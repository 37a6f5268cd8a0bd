using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Serverless.Core.Json;

/// <summary>
/// Reads a request body into a type and turns every way it can be wrong into a
/// <see cref="ValidationError"/> with the JSON path: unknown property, missing required property,
/// null where not allowed, wrong JSON type (naming the expected one), malformed JSON.
/// Declare required members with <c>required</c> or non-optional constructor parameters.
/// </summary>
public static partial class StrictJsonReader
{
    /// <summary>Snake_case names and enum values, unknown properties refused, nullability and required members enforced.</summary>
    public static JsonSerializerOptions DefaultOptions { get; } = CreateDefaultOptions();

    public static StrictReadResult<T> Read<T>(string json, JsonSerializerOptions? options = null)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            return new(default, [new ValidationError(JsonPath.Root, $"invalid JSON: {ex.Message}")]);
        }

        return Read<T>(node, options);
    }

    public static StrictReadResult<T> Read<T>(JsonNode? node, JsonSerializerOptions? options = null)
    {
        options ??= DefaultOptions;
        if (node is null)
        {
            return new(default, [new ValidationError(JsonPath.Root, $"expected {Describe(typeof(T), options)}, got null")]);
        }

        try
        {
            return new(node.Deserialize<T>(options), []);
        }
        catch (JsonException ex)
        {
            return new(default, Translate(ex, node, typeof(T), options));
        }
    }

    private static JsonSerializerOptions CreateDefaultOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static List<ValidationError> Translate(JsonException ex, JsonNode root, Type rootType, JsonSerializerOptions options)
    {
        var segments = ParsePath(ex.Path ?? JsonPath.Root);
        var path = FormatPath(segments);
        var message = ex.Message;

        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            var expected = ObjectTypeAt(rootType, segments.Take(segments.Count - 1), options) is { } parent ? KnownProperties(parent, options) : null;
            return [new(path, expected is null ? "unknown property" : $"unknown property (expected one of {expected})")];
        }

        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var names = message[(message.IndexOf("including:", StringComparison.Ordinal) + 1)..];
            return [.. QuotedNames().Matches(names).Select(m => new ValidationError(JsonPath.Property(path, m.Groups[1].Value), "required"))];
        }

        if (message.Contains("doesn't allow null values", StringComparison.Ordinal) || message.Contains("null values", StringComparison.Ordinal))
        {
            return [new(path, "must not be null")];
        }

        var target = TypeAt(rootType, segments, options);
        var actual = NodeAt(root, segments);
        if (target is not null && (actual is not null || message.Contains("could not be converted", StringComparison.Ordinal)))
        {
            var got = actual is JsonValue v && v.TryGetValue<string>(out var s) && (Nullable.GetUnderlyingType(target) ?? target).IsEnum
                ? $"'{s}'"
                : Schema.SchemaRule.TypeName(actual);
            return [new(path, $"expected {Describe(target, options)}, got {got}")];
        }

        return [new(path, "invalid value")];
    }

    private static string Describe(Type type, JsonSerializerOptions options)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            var names = type.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
                .Select(f => f.GetCustomAttributes(typeof(JsonStringEnumMemberNameAttribute), false) is [JsonStringEnumMemberNameAttribute named] ? named.Name : JsonNamingPolicy.SnakeCaseLower.ConvertName(f.Name));
            return $"one of {string.Join(", ", names)}";
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.String or TypeCode.Char => "string",
            TypeCode.Boolean => "boolean",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 => "integer",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "number",
            TypeCode.DateTime => "ISO 8601 date-time string",
            _ when type == typeof(Guid) => "UUID string",
            _ when type == typeof(DateTimeOffset) => "ISO 8601 date-time string",
            _ when typeof(JsonNode).IsAssignableFrom(type) || type == typeof(JsonElement) || type == typeof(object) => "JSON value",
            _ when options.GetTypeInfo(type).Kind == JsonTypeInfoKind.Dictionary => "object",
            _ when options.GetTypeInfo(type).Kind == JsonTypeInfoKind.Enumerable => "array",
            _ => "object",
        };
    }

    private static Type? TypeAt(Type root, IEnumerable<object> segments, JsonSerializerOptions options)
    {
        Type? current = root;
        foreach (var segment in segments)
        {
            if (current is null)
            {
                return null;
            }

            var info = options.GetTypeInfo(Nullable.GetUnderlyingType(current) ?? current);
            current = info.Kind switch
            {
                JsonTypeInfoKind.Object when segment is string name => info.Properties.FirstOrDefault(p => p.Name == name)?.PropertyType,
                JsonTypeInfoKind.Dictionary or JsonTypeInfoKind.Enumerable => info.ElementType,
                _ => null,
            };
        }

        return current;
    }

    private static Type? ObjectTypeAt(Type root, IEnumerable<object> segments, JsonSerializerOptions options) =>
        TypeAt(root, segments, options) is { } type && options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type).Kind == JsonTypeInfoKind.Object ? type : null;

    private static string KnownProperties(Type type, JsonSerializerOptions options) =>
        string.Join(", ", options.GetTypeInfo(type).Properties.Where(p => p.Set is not null || p.AssociatedParameter is not null).Select(p => p.Name));

    private static JsonNode? NodeAt(JsonNode root, IEnumerable<object> segments)
    {
        JsonNode? current = root;
        foreach (var segment in segments)
        {
            current = (current, segment) switch
            {
                (JsonObject obj, string name) => obj[name],
                (JsonArray array, int index) when index < array.Count => array[index],
                _ => null,
            };
        }

        return current;
    }

    private static List<object> ParsePath(string path)
    {
        var segments = new List<object>();
        foreach (Match match in PathSegment().Matches(path))
        {
            if (match.Groups["name"].Success)
            {
                segments.Add(match.Groups["name"].Value);
            }
            else if (match.Groups["quoted"].Success)
            {
                segments.Add(match.Groups["quoted"].Value.Replace("\\'", "'", StringComparison.Ordinal));
            }
            else
            {
                segments.Add(int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return segments;
    }

    private static string FormatPath(IEnumerable<object> segments) =>
        segments.Aggregate(JsonPath.Root, (path, segment) => segment is int index ? JsonPath.Index(path, index) : JsonPath.Property(path, (string)segment));

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>(?:[^'\\]|\\.)*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex PathSegment();

    [GeneratedRegex(@"'([^']+)'")]
    private static partial Regex QuotedNames();
}

/// <summary>A value read by <see cref="StrictJsonReader"/>, or the problems that prevented it.</summary>
public sealed record StrictReadResult<T>(T? Value, IReadOnlyList<ValidationError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
