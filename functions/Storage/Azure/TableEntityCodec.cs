using System.Text;
using Azure.Data.Tables;
using Serverless.Core.Storage;

namespace Serverless.Functions.Storage.Azure;

/// <summary>
/// Maps a JSON document to a Table entity: the text is split over string properties <c>Document0..DocumentN</c>
/// because one string property holds at most 64 KiB (32K UTF-16 characters).
/// </summary>
internal static class TableEntityCodec
{
    /// <summary>Characters per <c>DocumentN</c> property (64 KiB of UTF-16).</summary>
    public const int PartLength = 32 * 1024;

    /// <summary>The service's entity size limit.</summary>
    public const int MaxEntityBytes = 1024 * 1024;

    private const string PartPrefix = "Document";

    /// <summary>The entity holding a document (keys and document parts).</summary>
    /// <exception cref="ArgumentException">The entity would exceed 1 MiB.</exception>
    public static TableEntity ToEntity(string partitionKey, string rowKey, string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var size = EntitySize(partitionKey, rowKey, json);
        if (size > MaxEntityBytes)
        {
            throw new ArgumentException(
                $"Document '{partitionKey}/{rowKey}' is too large for Azure Table storage: {json.Length} characters make a {size}-byte entity, the limit is {MaxEntityBytes} bytes.",
                nameof(json));
        }

        var entity = new TableEntity(partitionKey, rowKey);
        var index = 0;
        foreach (var part in Split(json))
        {
            entity[PartName(index++)] = part;
        }
        return entity;
    }

    /// <summary>The document an entity holds, with the entity's ETag and timestamp.</summary>
    /// <exception cref="InvalidDataException">The entity was not written by this codec.</exception>
    public static StoredDocument FromEntity(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        string json;
        if (!entity.ContainsKey(PartName(1)))
        {
            json = entity.GetString(PartName(0)) ?? throw MissingDocument(entity.PartitionKey, entity.RowKey);
        }
        else
        {
            var builder = new StringBuilder();
            for (var index = 0; entity.GetString(PartName(index)) is { } part; index++)
            {
                builder.Append(part);
            }
            json = builder.ToString();
        }

        var etag = entity.ETag.ToString();
        return new StoredDocument(entity.PartitionKey, entity.RowKey, json, etag, entity.Timestamp ?? DateTimeOffset.MinValue);
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

    private static IEnumerable<string> Split(string json)
    {
        if (json.Length <= PartLength)
        {
            yield return json;
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
            yield return json.Substring(start, length);
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
