using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Core.Templating;

/// <summary>How a resolved value is written into a string (embedded placeholders, the <c>str</c> cast).</summary>
internal static class TemplateText
{
    // Like JavaScript's JSON.stringify: no HTML-safe escaping of <, >, &, quotes inside strings.
    private static readonly JsonSerializerOptions JsonTextOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Stringify(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "true",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "false",
        _ => node.ToJsonString(JsonTextOptions),
    };
}
