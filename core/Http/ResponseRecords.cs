using System.Text.Json.Nodes;

namespace Serverless.Core.Http;

/// <summary>Picks the records of a list response out of its body (<c>response_path</c>).</summary>
internal static class ResponseRecords
{
    /// <summary>The array at the path, as a tree of its own; a single object becomes a one-record list; nothing is an empty list.</summary>
    public static JsonArray Extract(VendorResponse response, string? responsePath) => response.Detached(responsePath) switch
    {
        JsonArray array => array,
        null => [],
        var single => [single],
    };
}
