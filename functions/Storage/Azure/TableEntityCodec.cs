using System.Buffers;
using System.Text;
using System.Text.Json;
using Serverless.Core.Storage;

namespace Serverless.Functions.Storage.Azure;

/// <summary>
/// Maps a JSON document to a Table entity: the text is split over string properties <c>Document0..DocumentN</c>
/// because one string property holds at most 64 KiB (32K UTF-16 characters).
/// </summary>
public static class TableEntityCodec
{
    /// <summary>Characters per <c>DocumentN</c> property (64 KiB of UTF-16).</summary>
    public const int PartLength = 32 * 1024;

    /// <summary>The service's entity size limit.</summary>
    public const int MaxEntityBytes = 1024 * 1024;

    private const string PartPrefix = "Document";

    /// <summary>Writes the entity body (keys and document parts) as JSON.</summary>
    /// <exception cref="ArgumentException">The entity would exceed 1 MiB.</exception>
    public static void Write(IBufferWriter<byte> output, string partitionKey, string rowKey, string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var size = EntitySize(partitionKey, rowKey, json);
        if (size > MaxEntityBytes)
        {
            throw new ArgumentException(
                $"Document '{partitionKey}/{rowKey}' is too large for Azure Table storage: {json.Length} characters make a {size}-byte entity, the limit is {MaxEntityBytes} bytes.",
                nameof(json));
        }

        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString("PartitionKey", partitionKey);
        writer.WriteString("RowKey", rowKey);
        var index = 0;
        foreach (var part in Split(json))
        {
            writer.WriteString(PartName(index++), part.Span);
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads an entity as returned with minimal metadata (or no metadata plus the ETag header).</summary>
    public static StoredDocument Read(JsonElement entity, string? etagHeader)
    {
        var partitionKey = entity.GetProperty("PartitionKey").GetString()!;
        var rowKey = entity.GetProperty("RowKey").GetString()!;
        var etag = entity.TryGetProperty("odata.etag", out var e) ? e.GetString()! : etagHeader
            ?? throw new InvalidDataException($"Table entity '{partitionKey}/{rowKey}' came without an ETag.");
        var timestamp = entity.TryGetProperty("Timestamp", out var t) ? t.GetDateTimeOffset() : DateTimeOffset.MinValue;

        string json;
        if (!entity.TryGetProperty(PartName(1), out _))
        {
            json = entity.TryGetProperty(PartName(0), out var only) ? only.GetString()! : throw MissingDocument(partitionKey, rowKey);
        }
        else
        {
            var builder = new StringBuilder();
            for (var index = 0; entity.TryGetProperty(PartName(index), out var part); index++)
            {
                builder.Append(part.GetString());
            }

            json = builder.ToString();
        }

        return new StoredDocument(partitionKey, rowKey, json, etag, timestamp);
    }

    /// <summary>Size by the service's accounting: 4 + keys (2 bytes/char) + per string property 8 + name + 4 + value.</summary>
    public static long EntitySize(string partitionKey, string rowKey, string json)
    {
        long size = 4 + (2L * partitionKey.Length) + (2L * rowKey.Length);
        var index = 0;
        foreach (var part in Split(json))
        {
            size += 8 + (2L * PartName(index++).Length) + 4 + (2L * part.Length);
        }

        return size;
    }

    private static IEnumerable<ReadOnlyMemory<char>> Split(string json)
    {
        if (json.Length == 0)
        {
            yield return ReadOnlyMemory<char>.Empty;
            yield break;
        }

        var start = 0;
        while (start < json.Length)
        {
            var length = Math.Min(PartLength, json.Length - start);
            // Never cut a surrogate pair: each part must be valid UTF-16 on its own to survive JSON encoding.
            if (start + length < json.Length && char.IsHighSurrogate(json[start + length - 1]))
            {
                length--;
            }

            yield return json.AsMemory(start, length);
            start += length;
        }
    }

    private static string PartName(int index) => index switch
    {
        0 => "Document0",
        1 => "Document1",
        _ => PartPrefix + index.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static InvalidDataException MissingDocument(string partitionKey, string rowKey) =>
        new($"Table entity '{partitionKey}/{rowKey}' has no Document0 property: it was not written by this store.");
}
