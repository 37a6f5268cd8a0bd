using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Serverless.Core.Errors;
using Serverless.Core.Json;

namespace Serverless.Functions.Api.Bodies;

/// <summary>
/// Refuses text that is not text (SPEC §11): bytes that are not UTF-8 (including UTF-8-encoded
/// surrogates such as <c>ED A0 80</c>), and JSON string escapes that leave a lone UTF-16 surrogate
/// (<c>"\ud800"</c>). Accepted, either would be stored as garbage or fail deep inside a handler;
/// refused here, it is a 400 naming the line, byte and, for JSON, the path.
/// </summary>
internal static class TextEncodingCheck
{
    /// <exception cref="ApiException">400 at the first byte that does not start valid UTF-8.</exception>
    public static void RequireUtf8(ReadOnlySpan<byte> body, bool json)
    {
        if (Utf8.IsValid(body))
        {
            return;
        }

        var offset = 0;
        while (Rune.DecodeFromUtf8(body[offset..], out _, out var consumed) == OperationStatus.Done)
        {
            offset += consumed;
        }

        var path = json ? PathAt(body, offset) : "$";
        throw ApiException.BadRequest($"{path}: invalid UTF-8 at {Position(body, offset)} (byte 0x{body[offset]:X2}); send UTF-8 text");
    }

    /// <summary>Checks the escaped strings and property names of JSON text that is valid UTF-8 already.</summary>
    /// <exception cref="ApiException">400 at the first string whose escapes leave a lone surrogate.</exception>
    public static void RequireValidEscapes(ReadOnlySpan<byte> json, JsonReaderOptions options)
    {
        if (LoneSurrogateEscapes.Find(json, options) is { } offset)
        {
            throw LoneSurrogate(PathAt(json, (int)offset), json, offset);
        }
    }

    private static ApiException LoneSurrogate(string path, ReadOnlySpan<byte> json, long offset) =>
        ApiException.BadRequest($"{path}: invalid UTF-16 at {Position(json, (int)offset)}: a \\u escape leaves a lone surrogate (pair \\uD800-\\uDBFF with \\uDC00-\\uDFFF)");

    /// <summary>
    /// The path of the value holding <paramref name="offset"/>, read up to it without reading that value's
    /// text (the reader does not validate UTF-8 or escapes inside strings until asked to).
    /// </summary>
    private static string PathAt(ReadOnlySpan<byte> json, int offset)
    {
        var path = new JsonPathTracker();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader.Read())
            {
                if (reader.BytesConsumed > offset)
                {
                    if (reader.TokenType == JsonTokenType.PropertyName)
                    {
                        return $"{path.Current} (a property name)";
                    }

                    path.Advance(ref reader);
                    return path.Current;
                }

                path.Advance(ref reader);
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // Broken before the bad byte: the position alone says where.
        }

        return path.Current;
    }

    private static string Position(ReadOnlySpan<byte> text, int offset)
    {
        var before = text[..offset];
        var line = before.Count((byte)'\n') + 1;
        var column = offset - (before.LastIndexOf((byte)'\n') + 1) + 1;
        return string.Create(CultureInfo.InvariantCulture, $"line {line}, byte {column}");
    }
}
