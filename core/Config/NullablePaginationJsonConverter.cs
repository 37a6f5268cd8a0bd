using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Core.Config;

/// <summary>Turns a method's explicit <c>"pagination": null</c> into <see cref="PaginationDefinition.Disabled"/>.</summary>
internal sealed class NullablePaginationJsonConverter : JsonConverter<PaginationDefinition>
{
    public override bool HandleNull => true;

    public override PaginationDefinition? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null
            ? PaginationDefinition.Disabled
            : JsonSerializer.Deserialize<PaginationDefinition>(ref reader, options);

    public override void Write(Utf8JsonWriter writer, PaginationDefinition? value, JsonSerializerOptions options)
    {
        if (value is null or DisabledPagination)
        {
            writer.WriteNullValue();
        }
        else
        {
            JsonSerializer.Serialize(writer, value, options);
        }
    }
}
