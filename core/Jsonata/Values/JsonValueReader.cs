using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Core.Jsonata.Values;

/// <summary>Builds JSONata values from JSON text, <see cref="JsonElement"/> or <see cref="JsonNode"/>.</summary>
internal static class JsonValueReader
{
    /// <summary>Parses UTF-8 JSON text straight into values (no intermediate document).</summary>
    public static object? Parse(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 1000, CommentHandling = JsonCommentHandling.Skip });
        if (!reader.Read())
        {
            return null;
        }
        return ReadValue(ref reader);
    }

    /// <summary>Parses JSON text into values.</summary>
    public static object? Parse(string json)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        return Parse(bytes);
    }

    private static object? ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                {
                    var obj = new JsonataObject();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var key = reader.GetString()!;
                        reader.Read();
                        obj[key] = ReadValue(ref reader);
                    }
                    return obj;
                }
            case JsonTokenType.StartArray:
                {
                    var arr = new JsonataArray();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        arr.Add(ReadValue(ref reader));
                    }
                    return arr;
                }
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return BoxedNumber.Of(reader.GetDouble());
            case JsonTokenType.True:
                return BoxedTrue;
            case JsonTokenType.False:
                return BoxedFalse;
            default:
                return JsonataNull.Value;
        }
    }

    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;

    /// <summary>
    /// Parses UTF-8 JSON text into values whose objects stay backed by the text until first accessed
    /// (a large root object is built one level deep at once). Values keep referring to the text.
    /// </summary>
    public static object? ParseLazy(ReadOnlyMemory<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json.Span, ReaderOptions);
        if (!reader.Read())
        {
            return null;
        }
        // A large root object is built on the first lookup of nearly every expression: build it now,
        // in the validating pass, rather than read all its text a second time then.
        var value = reader.TokenType == JsonTokenType.StartObject && utf8Json.Length > JsonataObject.LazyLookupMaxBytes
            ? JsonataObject.ReadMembers(ref reader, utf8Json)
            : ReadLazyValue(ref reader, utf8Json);
        // Reject trailing garbage the way a full parse would.
        if (reader.Read())
        {
            throw new JsonException("Unexpected data after the JSON value.");
        }
        return value;
    }

    internal static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 1000, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>
    /// Reads the value at the reader: objects become lazy views of their text (skipped, which still
    /// validates them), arrays are read item by item, scalars are converted.
    /// </summary>
    internal static object? ReadLazyValue(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    return new JsonataObject(source.Slice(start, (int)reader.BytesConsumed - start));
                }
            case JsonTokenType.StartArray:
                return ReadLazyArray(ref reader, source);
            default:
                return ReadValue(ref reader);
        }
    }

    private static JsonataArray ReadLazyArray(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source)
    {
        var items = new ItemCollector(16);
        try
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                items.Add(ReadLazyValue(ref reader, source));
            }
            return items.ToArray();
        }
        finally
        {
            items.Dispose();
        }
    }

    /// <summary>Forces every lazy object reachable from <paramref name="value"/> so it no longer refers to the input text.</summary>
    public static void Detach(object? value)
    {
        switch (value)
        {
            case JsonataObject o:
                var count = o.Count;
                for (var i = 0; i < count; i++)
                {
                    Detach(o.ValueAt(i));
                }
                break;
            case JsonataArray a:
                foreach (var item in a)
                {
                    Detach(item);
                }
                break;
        }
    }

    /// <summary>Converts a <see cref="JsonElement"/>; an undefined element (default) is JSONata undefined.</summary>
    public static object? FromElement(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Undefined:
                return null;
            case JsonValueKind.Object:
                {
                    var obj = new JsonataObject();
                    foreach (var p in element.EnumerateObject())
                    {
                        obj[p.Name] = FromElement(p.Value);
                    }
                    return obj;
                }
            case JsonValueKind.Array:
                {
                    var arr = new JsonataArray(element.GetArrayLength());
                    foreach (var item in element.EnumerateArray())
                    {
                        arr.Add(FromElement(item));
                    }
                    return arr;
                }
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                return BoxedNumber.Of(element.GetDouble());
            case JsonValueKind.True:
                return BoxedTrue;
            case JsonValueKind.False:
                return BoxedFalse;
            default:
                return JsonataNull.Value;
        }
    }

    /// <summary>Converts a <see cref="JsonNode"/>; C# null is JSON null.</summary>
    public static object? FromNode(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return JsonataNull.Value;
            case JsonObject o:
                {
                    var obj = new JsonataObject();
                    foreach (var p in o)
                    {
                        obj[p.Key] = FromNode(p.Value);
                    }
                    return obj;
                }
            case JsonArray a:
                {
                    var arr = new JsonataArray(a.Count);
                    foreach (var item in a)
                    {
                        arr.Add(FromNode(item));
                    }
                    return arr;
                }
            case JsonValue v:
                return FromValue(v);
            default:
                return JsonataNull.Value;
        }
    }

    // JsonValue may wrap a parsed JsonElement or any CLR value created in code (int, decimal, DateTime,
    // char...); the kind tells which JSON type it serialises to, so only the rare CLR types pay for text.
    private static object? FromValue(JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            return FromElement(element);
        }
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return value.TryGetValue<string>(out var text) ? text : JsonSerializer.Deserialize<string>(value.ToJsonString());
            case JsonValueKind.Number:
                if (value.TryGetValue<double>(out var d)) return d;
                if (value.TryGetValue<int>(out var i)) return (double)i;
                if (value.TryGetValue<long>(out var l)) return (double)l;
                return double.Parse(value.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
            case JsonValueKind.True:
                return BoxedTrue;
            case JsonValueKind.False:
                return BoxedFalse;
            case JsonValueKind.Object:
            case JsonValueKind.Array:
                using (var document = JsonDocument.Parse(value.ToJsonString()))
                {
                    return FromElement(document.RootElement);
                }
            default:
                return JsonataNull.Value;
        }
    }

    /// <summary>Converts a plain C# value (string, number, bool, JSON types, values of this engine) into a JSONata value.</summary>
    public static object? FromClr(object? value) => value switch
    {
        null => JsonataNull.Value,
        JsonataNull or JsonataArray or JsonataObject or JsonataFunction or string or double or bool => value,
        JsonElement e => FromElement(e),
        JsonNode n => FromNode(n),
        int i => (double)i,
        long l => (double)l,
        float f => (double)f,
        decimal m => (double)m,
        _ => throw new ArgumentException($"Unsupported binding value type {value.GetType()}", nameof(value)),
    };
}
