using System.Text.Json;

namespace Serverless.Core.Json;

/// <summary>
/// JSON string escapes that leave a lone UTF-16 surrogate (<c>"\ud800"</c> without its pair) are valid
/// JSON syntax but not text: whatever reads such a string later throws. This finds them before anything
/// reads the strings, for request bodies (a 400) and vendor answers (kept as text instead).
/// </summary>
public static class LoneSurrogateEscapes
{
    /// <summary>Whether there is a <c>\uD…</c> escape at all: most JSON has none and need not be read twice.</summary>
    public static bool MayContain(ReadOnlySpan<byte> json) => json.IndexOf("\\ud"u8) >= 0 || json.IndexOf("\\uD"u8) >= 0;

    /// <summary>Whether there is a <c>\uD…</c> escape at all, in text form.</summary>
    public static bool MayContain(ReadOnlySpan<char> json) =>
        json.IndexOf("\\ud", StringComparison.Ordinal) >= 0 || json.IndexOf("\\uD", StringComparison.Ordinal) >= 0;

    /// <summary>
    /// The offset of the first string or property name whose escapes leave a lone surrogate; <c>null</c>
    /// when there is none, or when the syntax breaks first (the parser reports that). The text must be valid UTF-8.
    /// </summary>
    public static long? Find(ReadOnlySpan<byte> json, JsonReaderOptions options)
    {
        if (!MayContain(json))
        {
            return null;
        }

        var reader = new Utf8JsonReader(json, options);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String && reader.ValueIsEscaped && !IsText(ref reader))
                {
                    return reader.TokenStartIndex;
                }
            }
        }
        catch (JsonException)
        {
            // Broken syntax: not for this check to report.
        }

        return null;
    }

    private static bool IsText(ref Utf8JsonReader reader)
    {
        try
        {
            reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
