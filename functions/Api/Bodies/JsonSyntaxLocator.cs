using System.Text.Json;

namespace Serverless.Functions.Api.Bodies;

/// <summary>
/// Finds where malformed JSON breaks: replays the reader while tracking the JSON path, so the error
/// names <c>$.config.resources</c> as well as line and byte. Only runs after a parse has failed.
/// </summary>
internal static class JsonSyntaxLocator
{
    public static string Describe(ReadOnlySpan<byte> json, JsonReaderOptions options, JsonException original)
    {
        var path = new JsonPathTracker();
        var reader = new Utf8JsonReader(json, options);
        try
        {
            while (reader.Read())
            {
                path.Advance(ref reader);
            }

            // The syntax is fine, so the parser objected to something else (a duplicate property).
            return $"$: malformed JSON: {Reason(original.Message)}";
        }
        catch (JsonException exception)
        {
            return $"{path.Current}: malformed JSON at line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}: {Reason(exception.Message)}";
        }
    }

    /// <summary>The reader's message without its own position suffix, which this error states already.</summary>
    private static string Reason(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd(' ', '|', '.');
    }
}
