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

    public static JsonNode? TryParse(string text)
    {
        if (LoneSurrogateEscapes.MayContain(text) && LoneSurrogateEscapes.Find(Encoding.UTF8.GetBytes(text), default) is not null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text, documentOptions: Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
