using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Serverless.Core.Json;

namespace Serverless.Functions.Api.Bodies;

/// <summary>
/// Checks a parsed body against the shape of the request type it binds to, as the serializer sees
/// it (<see cref="JsonTypeInfo"/>: names, types, <c>required</c>, nullability), and reports every
/// unknown field, wrong type and missing field with its JSON path. The request records are thus the
/// single definition of each body, for reading and for the OpenAPI document alike.
/// </summary>
internal static class JsonShapeCheck
{
    public static List<ValidationError> Check(JsonNode? node, Type type, JsonSerializerOptions options)
    {
        var errors = new List<ValidationError>();
        CheckValue(node, type, nullable: false, "$", options, errors);
        return errors;
    }

    private static void CheckValue(JsonNode? node, Type type, bool nullable, string path, JsonSerializerOptions options, List<ValidationError> errors)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        nullable |= underlying is not null;
        type = underlying ?? type;
        var kind = node?.GetValueKind() ?? JsonValueKind.Null;
        if (kind == JsonValueKind.Null)
        {
            if (!nullable && type != typeof(JsonNode))
            {
                errors.Add(new ValidationError(path, $"expected {Expected(type)}, got null"));
            }

            return;
        }

        var matches = type switch
        {
            _ when type == typeof(JsonNode) => true,
            _ when type == typeof(string) => kind == JsonValueKind.String,
            _ when type == typeof(bool) => kind is JsonValueKind.True or JsonValueKind.False,
            _ when type == typeof(int) => kind == JsonValueKind.Number && node!.AsValue().TryGetValue(out int _),
            _ when type == typeof(long) => kind == JsonValueKind.Number && node!.AsValue().TryGetValue(out long _),
            _ when type == typeof(Guid) => kind == JsonValueKind.String && Guid.TryParse(node!.GetValue<string>(), out _),
            _ when type == typeof(JsonObject) => kind == JsonValueKind.Object,
            _ when ItemType(type) is not null => kind == JsonValueKind.Array,
            _ => kind == JsonValueKind.Object,
        };
        if (!matches)
        {
            var got = kind == JsonValueKind.String && type == typeof(Guid) ? "a string that is not a UUID" : KindName(kind);
            errors.Add(new ValidationError(path, $"expected {Expected(type)}, got {got}"));
            return;
        }

        if (ItemType(type) is { } itemType)
        {
            var index = 0;
            foreach (var item in node!.AsArray())
            {
                CheckValue(item, itemType, nullable: false, JsonPath.Index(path, index++), options, errors);
            }
        }
        else if (type != typeof(JsonObject) && type != typeof(JsonNode) && kind == JsonValueKind.Object)
        {
            CheckObject(node!.AsObject(), options.GetTypeInfo(type), path, options, errors);
        }
    }

    private static void CheckObject(JsonObject json, JsonTypeInfo typeInfo, string path, JsonSerializerOptions options, List<ValidationError> errors)
    {
        var properties = typeInfo.Properties.ToDictionary(property => property.Name, StringComparer.Ordinal);
        foreach (var (name, value) in json)
        {
            var propertyPath = JsonPath.Property(path, name);
            if (!properties.TryGetValue(name, out var property))
            {
                errors.Add(new ValidationError(propertyPath, "unknown field"));
                continue;
            }

            CheckValue(value, property.PropertyType, property.IsSetNullable, propertyPath, options, errors);
        }

        foreach (var property in typeInfo.Properties.Where(property => property.IsRequired && !json.ContainsKey(property.Name)))
        {
            errors.Add(new ValidationError(JsonPath.Property(path, property.Name), "required"));
        }
    }

    private static Type? ItemType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(IReadOnlyList<>) || definition == typeof(List<>) || definition == typeof(IList<>)))
        {
            return type.GetGenericArguments()[0];
        }

        return null;
    }

    private static string Expected(Type type) => type switch
    {
        _ when type == typeof(string) => "string",
        _ when type == typeof(bool) => "boolean",
        _ when type == typeof(int) || type == typeof(long) => "integer",
        _ when type == typeof(Guid) => "UUID string",
        _ when ItemType(type) is not null => "array",
        _ => "object",
    };

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
