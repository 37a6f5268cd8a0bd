using System.Text.Json;
using Serverless.Core.Json;

namespace Serverless.Functions.Api.Bodies;

/// <summary>
/// Follows a <see cref="Utf8JsonReader"/> token by token and knows the JSON path of the value it is on,
/// so that problems found while reading (syntax, invalid text) are reported as <c>$.config.resources[2]</c>.
/// Only used on bodies that are being rejected or that need a second look.
/// </summary>
internal sealed class JsonPathTracker
{
    private readonly List<Frame> _frames = [];

    /// <summary>The path of the last value read (a container's own path while inside it).</summary>
    public string Current
    {
        get
        {
            var path = JsonPath.Root;
            foreach (var frame in _frames)
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
    }

    /// <summary>Takes the token the reader is on into account. A property name must be valid text (check it first).</summary>
    public void Advance(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.PropertyName:
                _frames[^1].Name = reader.GetString();
                break;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                CountArrayItem();
                _frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                break;
            case JsonTokenType.EndObject or JsonTokenType.EndArray:
                _frames.RemoveAt(_frames.Count - 1);
                break;
            default:
                CountArrayItem();
                break;
        }
    }

    private void CountArrayItem()
    {
        if (_frames.Count > 0 && _frames[^1].IsArray)
        {
            _frames[^1].Index++;
        }
    }

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;

        public int Index { get; set; } = -1;

        public string? Name { get; set; }
    }
}
