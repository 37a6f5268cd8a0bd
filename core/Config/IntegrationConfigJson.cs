using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Serverless.Core.Json;

namespace Serverless.Core.Config;

/// <summary>
/// The serializer settings of the config model: snake_case keys and enum values, formats out of order,
/// JSON members materialized so that they can be read from many threads, <see cref="ConfigAliasAttribute"/> names.
/// </summary>
public static class IntegrationConfigJson
{
    /// <summary>The shared options; do not change them.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            AllowOutOfOrderMetadataProperties = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            RespectNullableAnnotations = false,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { ConfigAliasAttribute.AddAliases } },
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new JsonNodeMaterializer.Converter<JsonObject>());
        options.Converters.Add(new JsonNodeMaterializer.Converter<JsonNode>());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
