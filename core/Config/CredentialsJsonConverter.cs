using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Serverless.Core.Config;

/// <summary>
/// Reads <c>credentials</c> in both shapes the spec allows, <c>{format, config}</c> or
/// <c>{"api_key": {config}, "oauth2": {config}}</c>, into one map keyed by format.
/// Writes the map shape.
/// </summary>
internal sealed class CredentialsJsonConverter : JsonConverter<IReadOnlyDictionary<string, CredentialDefinition>>
{
    public override IReadOnlyDictionary<string, CredentialDefinition>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (JsonNode.Parse(ref reader) is not JsonObject obj)
        {
            throw new JsonException("credentials must be an object");
        }

        var result = new Dictionary<string, CredentialDefinition>(StringComparer.Ordinal);
        if (obj.ContainsKey("format"))
        {
            var single = obj.Deserialize<CredentialDefinition>(options) ?? throw new JsonException("credentials is empty");
            result[single.Format] = single;
            return result;
        }

        foreach (var (format, definition) in obj)
        {
            var withFormat = definition is JsonObject d ? (JsonObject)d.DeepClone() : new JsonObject();
            withFormat["format"] = format;
            result[format] = withFormat.Deserialize<CredentialDefinition>(options) ?? throw new JsonException($"credentials.{format} is empty");
        }

        return result;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, CredentialDefinition> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (format, definition) in value)
        {
            writer.WritePropertyName(format);
            var node = JsonSerializer.SerializeToNode(definition, options) as JsonObject ?? [];
            node.Remove("format");
            node.WriteTo(writer, options);
        }

        writer.WriteEndObject();
    }
}
