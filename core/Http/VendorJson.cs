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

    public static JsonNode? TryParse(string text) => TryParse(Encoding.UTF8.GetBytes(text));

    /// <param name="utf8">The answer's bytes, UTF-8 (read as they came, without a detour through a string).</param>
    public static JsonNode? TryParse(ReadOnlySpan<byte> utf8)
    {
        if (LoneSurrogateEscapes.MayContain(utf8) && LoneSurrogateEscapes.Find(utf8, default) is not null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(utf8, documentOptions: Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
