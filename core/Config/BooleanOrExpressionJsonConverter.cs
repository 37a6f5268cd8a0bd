using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Core.Config;

/// <summary>
/// Reads a JSONata expression that may also be written as a boolean: <c>true</c> is the default
/// expression (<c>null</c>), <c>false</c> the expression <c>false</c>.
/// </summary>
internal sealed class BooleanOrExpressionJsonConverter : JsonConverter<string?>
{
    public const string Never = "false";

    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True or JsonTokenType.Null => null,
        JsonTokenType.False => Never,
        JsonTokenType.String => reader.GetString(),
        _ => throw new JsonException("expected a JSONata expression or a boolean"),
    };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteStringValue(value);
    }
}
