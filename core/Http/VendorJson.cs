using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Json;

namespace Serverless.Core.Http;

/// <summary>
/// Reads a vendor's answer as JSON only when it is JSON that can be worked with: no duplicate property
/// names and no lone UTF-16 surrogate escapes, either of which throws later, when the tree is read
/// (mapping, templating, scrubbing, writing the answer). Anything else stays text.
/// </summary>
internal static class VendorJson
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    public static JsonNode? TryParse(string text) => TryParseDocument(Encoding.UTF8.GetBytes(text)) is { } document ? NodeOf(document.RootElement) : null;

    /// <param name="utf8">The answer's bytes, UTF-8 (read as they came, without a detour through a string). The
    /// document reads them where they are: they must not change while it is used.</param>
    /// <returns>The document, or <c>null</c> when the text is not JSON that can be worked with. Nodes made from it
    /// (<see cref="NodeOf"/>) read it while they are used: dispose it (which returns its pooled metadata) only when nothing
    /// reads it any more, or leave that to the garbage collector.</returns>
    public static JsonDocument? TryParseDocument(ReadOnlyMemory<byte> utf8)
    {
        if (LoneSurrogateEscapes.MayContain(utf8.Span) && LoneSurrogateEscapes.Find(utf8.Span, default) is not null)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(utf8, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// A tree of its own (no parent) over <paramref name="element"/>, as <see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/>
    /// makes one: its nodes are created when first read, and until then it is written from the element; <c>null</c> for JSON null.
    /// </summary>
    public static JsonNode? NodeOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(element),
        JsonValueKind.Array => JsonArray.Create(element),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => JsonValue.Create(element),
    };
}
