using Azure;
using Serverless.Functions.Storage.Azure;
using Xunit;

namespace Serverless.Storage.Tests.Azure;

public sealed class TableEntityCodecTests
{
    [Fact]
    public void A_short_document_is_one_property()
    {
        var entity = TableEntityCodec.ToEntity("p", "r", """{"a":1}""");

        Assert.Equal(["Document0"], entity.Keys.Where(k => k is not ("PartitionKey" or "RowKey" or "odata.etag" or "Timestamp")));
        Assert.Equal("""{"a":1}""", TableEntityCodec.FromEntity(entity).Json);
    }

    [Fact]
    public void A_surrogate_pair_at_a_part_boundary_is_never_cut()
    {
        var json = new string('a', TableEntityCodec.PartLength - 1) + "😀" + "tail";

        var entity = TableEntityCodec.ToEntity("p", "r", json);

        Assert.Equal(TableEntityCodec.PartLength - 1, entity.GetString("Document0")!.Length);
        Assert.Equal("😀tail", entity.GetString("Document1"));
        Assert.Equal(json, TableEntityCodec.FromEntity(entity).Json);
    }

    [Fact]
    public void Entity_size_follows_the_service_accounting()
    {
        // 4 + 2*1 + 2*1 + (8 + 2*9 + 4 + 2*3)
        Assert.Equal(44, TableEntityCodec.EntitySize("p", "r", "abc"));
    }

    [Fact]
    public void Reading_an_entity_keeps_its_etag()
    {
        var entity = TableEntityCodec.ToEntity("p", "r", "{}");
        entity.ETag = new ETag("W/\"datetime'2026-12-07T10%3A00%3A00Z'\"");

        Assert.Equal("W/\"datetime'2026-12-07T10%3A00%3A00Z'\"", TableEntityCodec.FromEntity(entity).ETag);
    }

    [Fact]
    public void Reading_an_entity_without_document_properties_names_the_entity()
    {
        var entity = new global::Azure.Data.Tables.TableEntity("p", "r") { ["Other"] = "x" };

        var error = Assert.Throws<InvalidDataException>(() => TableEntityCodec.FromEntity(entity));

        Assert.Contains("'p/r'", error.Message, StringComparison.Ordinal);
    }
}
