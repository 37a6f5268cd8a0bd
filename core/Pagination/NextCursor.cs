using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Core.Pagination;

/// <summary>
/// The opaque <c>next_cursor</c> callers pass back: base64url of the pagination state as JSON
/// (<c>{"v":{vendor values},"l":limit,"h":last page hash}</c>). It carries no credentials.
/// </summary>
internal static class NextCursor
{
    public static string Encode(PaginationState state)
    {
        // Written straight from the state (no copy of its values into another tree): once per page of a walk.
        var json = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("v");
            state.Values.WriteTo(writer);
            if (state.Limit is { } limit) writer.WriteNumber("l", limit);
            if (state.PreviousPageHash is { } hash) writer.WriteString("h", hash);
            writer.WriteEndObject();
        }
        return Base64Url.EncodeToString(json.WrittenSpan);
    }

    /// <exception cref="InvalidNextCursorException">The text is not a cursor this platform wrote.</exception>
    public static PaginationState Decode(string cursor)
    {
        try
        {
            var json = JsonNode.Parse(Base64Url.DecodeFromChars(cursor)) as JsonObject;
            if (json?["v"] is not JsonObject values) throw new InvalidNextCursorException();
            var limit = json["l"] is JsonValue l && l.TryGetValue<int>(out var parsed) ? parsed : (int?)null;
            var hash = json["h"] is JsonValue h && h.TryGetValue<string>(out var text) ? text : null;
            return new PaginationState((JsonObject)values.DeepClone(), limit, hash);
        }
        catch (Exception exception) when (exception is FormatException or JsonException or InvalidOperationException)
        {
            throw new InvalidNextCursorException();
        }
    }
}

/// <summary>A caller's <c>next_cursor</c> that cannot be read (answered with 400).</summary>
internal sealed class InvalidNextCursorException() : Exception("next_cursor is not a cursor returned by this API");
