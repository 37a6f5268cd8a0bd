using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Core.Config;

/// <summary><c>cursor_path_object</c>: Truto's <c>body</c>/<c>header</c>, and this project's first spelling <c>headers</c>.</summary>
internal sealed class CursorPathObjectJsonConverter : JsonConverter<CursorPathObject>
{
    public static readonly IReadOnlyList<string> Values = ["body", "header", "headers"];

    public override CursorPathObject Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString() switch
    {
        "body" => CursorPathObject.Body,
        "header" or "headers" => CursorPathObject.Header,
        var other => throw new JsonException($"unknown cursor_path_object '{other}'"),
    };

    public override void Write(Utf8JsonWriter writer, CursorPathObject value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value == CursorPathObject.Body ? "body" : "header");
}
