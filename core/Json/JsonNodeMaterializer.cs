using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Serverless.Core.Json;

/// <summary>
/// Objects and arrays parsed by System.Text.Json fill in their children lazily on first access, which is
/// not thread-safe. Config trees are read by many requests at once, so they are walked once, up front,
/// to make every later read a plain read.
/// </summary>
internal static class JsonNodeMaterializer
{
    /// <returns>The same node, fully materialized.</returns>
    public static T Materialize<T>(T node) where T : JsonNode?
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    Materialize(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Materialize(child);
                }

                break;
        }

        return node;
    }

    /// <summary>Deserializes <see cref="JsonNode"/>-typed members already materialized.</summary>
    public sealed class Converter<T> : JsonConverter<T> where T : JsonNode
    {
        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var node = Materialize(JsonNode.Parse(ref reader));
            return node as T ?? throw new JsonException($"expected {typeof(T).Name}");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => value.WriteTo(writer, options);
    }
}
