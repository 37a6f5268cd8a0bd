using System.Buffers;
using System.Text.Json;
using Serverless.Functions.Storage.Azure;
using Xunit;

namespace Serverless.Storage.Tests.Azure;

public sealed class TableEntityCodecTests
{
    [Fact]
    public void A_short_document_is_one_property()
    {
        using var entity = Write("p", "r", """{"a":1}""");

        Assert.Equal(["PartitionKey", "RowKey", "Document0"], entity.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("""{"a":1}""", TableEntityCodec.Read(WithETag(entity), null).Json);
    }

    [Fact]
    public void A_surrogate_pair_at_a_part_boundary_is_never_cut()
    {
        var json = new string('a', TableEntityCodec.PartLength - 1) + "😀" + "tail";

        using var entity = Write("p", "r", json);

        var first = entity.RootElement.GetProperty("Document0").GetString()!;
        Assert.Equal(TableEntityCodec.PartLength - 1, first.Length);
        Assert.Equal("😀tail", entity.RootElement.GetProperty("Document1").GetString());
        Assert.Equal(json, TableEntityCodec.Read(WithETag(entity), null).Json);
    }

    [Fact]
    public void Entity_size_follows_the_service_accounting()
    {
        // 4 + 2*1 + 2*1 + (8 + 2*9 + 4 + 2*3)
        Assert.Equal(44, TableEntityCodec.EntitySize("p", "r", "abc"));
    }

    [Fact]
    public void Reading_an_entity_without_document_properties_names_the_entity()
    {
        using var entity = JsonDocument.Parse("""{"PartitionKey":"p","RowKey":"r","odata.etag":"W/\"1\"","Other":"x"}""");

        var error = Assert.Throws<InvalidDataException>(() => TableEntityCodec.Read(entity.RootElement, null));

        Assert.Contains("'p/r'", error.Message, StringComparison.Ordinal);
    }

    private static JsonDocument Write(string partitionKey, string rowKey, string json)
    {
        var buffer = new ArrayBufferWriter<byte>();
        TableEntityCodec.Write(buffer, partitionKey, rowKey, json);
        return JsonDocument.Parse(buffer.WrittenMemory);
    }

    private static JsonElement WithETag(JsonDocument entity)
    {
        var copy = System.Text.Json.Nodes.JsonNode.Parse(entity.RootElement.GetRawText())!.AsObject();
        copy["odata.etag"] = "W/\"etag\"";
        return JsonDocument.Parse(copy.ToJsonString()).RootElement;
    }
}
