using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Core.Json;

/// <summary>
/// Writes every <see cref="DateTimeOffset"/> as ISO 8601 UTC with millisecond precision and a <c>Z</c>
/// (<c>2026-11-22T07:28:59.667Z</c>), the form the public API promises; reads any ISO 8601 offset.
/// </summary>
public sealed class UtcTimestampJsonConverter : JsonConverter<DateTimeOffset>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <inheritdoc/>
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var value))
        {
            return value;
        }

        throw new JsonException("expected an ISO 8601 timestamp");
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<byte> buffer = stackalloc byte[24];
        value.UtcDateTime.TryFormat(buffer, out var written, Format, CultureInfo.InvariantCulture);
        writer.WriteStringValue(buffer[..written]);
    }
}
