using System.Text.Json;
using Serverless.Core.Json;

namespace Serverless.Functions.Api.Bodies;

/// <summary>
/// Finds where malformed JSON breaks: replays the reader while tracking the JSON path, so the error
/// names <c>$.config.resources</c> as well as line and byte. Only runs after a parse has failed.
/// </summary>
internal static class JsonSyntaxLocator
{
    public static string Describe(ReadOnlySpan<byte> json, JsonReaderOptions options, JsonException original)
    {
        var frames = new List<Frame>();
        var reader = new Utf8JsonReader(json, options);
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        frames[^1].Name = reader.GetString();
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        CountArrayItem(frames);
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    default:
                        CountArrayItem(frames);
                        break;
                }
            }

            // The syntax is fine, so the parser objected to something else (a duplicate property).
            return $"$: malformed JSON: {Reason(original.Message)}";
        }
        catch (JsonException exception)
        {
            return $"{PathOf(frames)}: malformed JSON at line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}: {Reason(exception.Message)}";
        }
    }

    private static void CountArrayItem(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            frames[^1].Index++;
        }
    }

    private static string PathOf(List<Frame> frames)
    {
        var path = JsonPath.Root;
        foreach (var frame in frames)
        {
            if (frame.IsArray && frame.Index >= 0)
            {
                path = JsonPath.Index(path, frame.Index);
            }
            else if (!frame.IsArray && frame.Name is not null)
            {
                path = JsonPath.Property(path, frame.Name);
            }
        }

        return path;
    }

    /// <summary>The reader's message without its own position suffix, which this error states already.</summary>
    private static string Reason(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd(' ', '|', '.');
    }

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;

        public int Index { get; set; } = -1;

        public string? Name { get; set; }
    }
}
