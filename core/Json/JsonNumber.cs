using System.Globalization;
using System.Text.Json.Nodes;

namespace Serverless.Core.Json;

/// <summary>
/// Creates number nodes backed by parsed JSON, like those of <see cref="JsonNode.Parse(string, JsonNodeOptions?, System.Text.Json.JsonDocumentOptions)"/>,
/// so that readers can take them as int, long, double or decimal (a node made from a <c>long</c> only reads back as <c>long</c>).
/// </summary>
internal static class JsonNumber
{
    /// <param name="text">A JSON number literal.</param>
    public static JsonNode FromText(string text) => JsonNode.Parse(text)!;

    public static JsonNode FromInteger(long value) => FromText(value.ToString(CultureInfo.InvariantCulture));

    public static JsonNode FromDouble(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15
            ? FromInteger((long)value)
            : FromText(value.ToString("R", CultureInfo.InvariantCulture));
}
