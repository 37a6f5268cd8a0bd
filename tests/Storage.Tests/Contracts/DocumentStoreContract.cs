using System.Text;
using System.Text.Json.Nodes;
using Serverless.Core.Storage;
using Xunit;

namespace Serverless.Storage.Tests.Contracts;

/// <summary>
/// The behaviour every <see cref="IDocumentStore"/> backend must show. A backend's test class derives from this
/// and supplies the store; the store may be shared between tests (each test uses its own table).
/// </summary>
public abstract class DocumentStoreContract
{
    protected abstract Task<IDocumentStore> CreateStoreAsync();

    [Fact]
    public async Task Get_of_a_missing_document_returns_null()
    {
        var store = await CreateStoreAsync();
        Assert.Null(await store.GetAsync(UniqueNames.Table(), "p", "missing"));
    }

    [Fact]
    public async Task Insert_then_get_returns_the_document_with_the_same_etag()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        var before = DateTimeOffset.UtcNow;

        var etag = await store.InsertAsync(table, "p1", "r1", """{"name":"a","n":1,"nested":{"list":[1,2,3]}}""");

        var doc = await store.GetAsync(table, "p1", "r1");
        Assert.NotNull(doc);
        Assert.Equal("p1", doc.PartitionKey);
        Assert.Equal("r1", doc.RowKey);
        Assert.Equal(etag, doc.ETag);
        AssertJsonEqual("""{"name":"a","n":1,"nested":{"list":[1,2,3]}}""", doc.Json);
        Assert.InRange(doc.Timestamp, before.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Insert_of_an_existing_document_throws_conflict_and_keeps_the_original()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        var etag = await store.InsertAsync(table, "p", "r", """{"v":1}""");

        await Assert.ThrowsAsync<DocumentConflictException>(() => store.InsertAsync(table, "p", "r", """{"v":2}"""));

        var doc = await store.GetAsync(table, "p", "r");
        Assert.NotNull(doc);
        Assert.Equal(etag, doc.ETag);
        AssertJsonEqual("""{"v":1}""", doc.Json);
    }

    [Fact]
    public async Task Replace_with_the_current_etag_stores_the_document_and_returns_a_new_etag()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        var first = await store.InsertAsync(table, "p", "r", """{"v":1}""");

        var second = await store.ReplaceAsync(table, "p", "r", """{"v":2}""", first);

        Assert.NotEqual(first, second);
        var doc = await store.GetAsync(table, "p", "r");
        Assert.NotNull(doc);
        Assert.Equal(second, doc.ETag);
        AssertJsonEqual("""{"v":2}""", doc.Json);
    }

    [Fact]
    public async Task Replace_with_a_stale_etag_throws_conflict_and_keeps_the_newer_document()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        var stale = await store.InsertAsync(table, "p", "r", """{"v":1}""");
        var current = await store.ReplaceAsync(table, "p", "r", """{"v":2}""", stale);

        await Assert.ThrowsAsync<DocumentConflictException>(() => store.ReplaceAsync(table, "p", "r", """{"v":3}""", stale));

        var doc = await store.GetAsync(table, "p", "r");
        Assert.NotNull(doc);
        Assert.Equal(current, doc.ETag);
        AssertJsonEqual("""{"v":2}""", doc.Json);
    }

    [Fact]
    public async Task Replace_of_a_missing_document_throws_not_found()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        var etag = await store.InsertAsync(table, "p", "other", "{}");

        await Assert.ThrowsAsync<DocumentNotFoundException>(() => store.ReplaceAsync(table, "p", "missing", "{}", etag));
        Assert.Null(await store.GetAsync(table, "p", "missing"));
    }

    [Fact]
    public async Task An_etag_of_a_deleted_document_does_not_match_a_recreated_one()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        var old = await store.InsertAsync(table, "p", "r", """{"v":1}""");
        Assert.True(await store.DeleteAsync(table, "p", "r", old));
        var recreated = await store.InsertAsync(table, "p", "r", """{"v":2}""");

        Assert.NotEqual(old, recreated);
        await Assert.ThrowsAsync<DocumentConflictException>(() => store.ReplaceAsync(table, "p", "r", """{"v":3}""", old));
    }

    [Fact]
    public async Task Upsert_inserts_a_missing_document_then_replaces_it_unconditionally()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();

        var first = await store.UpsertAsync(table, "p", "r", """{"v":1}""");
        var afterInsert = await store.GetAsync(table, "p", "r");
        var second = await store.UpsertAsync(table, "p", "r", """{"v":2}""");

        Assert.NotNull(afterInsert);
        Assert.Equal(first, afterInsert.ETag);
        AssertJsonEqual("""{"v":1}""", afterInsert.Json);
        Assert.NotEqual(first, second);
        var doc = await store.GetAsync(table, "p", "r");
        Assert.NotNull(doc);
        Assert.Equal(second, doc.ETag);
        AssertJsonEqual("""{"v":2}""", doc.Json);
    }

    [Fact]
    public async Task Delete_without_etag_removes_the_document_and_reports_whether_it_existed()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        await store.InsertAsync(table, "p", "r", "{}");

        Assert.True(await store.DeleteAsync(table, "p", "r"));
        Assert.Null(await store.GetAsync(table, "p", "r"));
        Assert.False(await store.DeleteAsync(table, "p", "r"));
    }

    [Fact]
    public async Task Delete_with_the_current_etag_removes_the_document()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        var etag = await store.InsertAsync(table, "p", "r", "{}");

        Assert.True(await store.DeleteAsync(table, "p", "r", etag));
        Assert.Null(await store.GetAsync(table, "p", "r"));
    }

    [Fact]
    public async Task Delete_with_a_stale_etag_throws_conflict_and_keeps_the_document()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        var stale = await store.InsertAsync(table, "p", "r", """{"v":1}""");
        var current = await store.ReplaceAsync(table, "p", "r", """{"v":2}""", stale);

        await Assert.ThrowsAsync<DocumentConflictException>(() => store.DeleteAsync(table, "p", "r", stale));

        var doc = await store.GetAsync(table, "p", "r");
        Assert.NotNull(doc);
        Assert.Equal(current, doc.ETag);
    }

    [Fact]
    public async Task Delete_with_an_etag_of_a_missing_document_returns_false()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        var etag = await store.InsertAsync(table, "p", "other", "{}");

        Assert.False(await store.DeleteAsync(table, "p", "missing", etag));
    }

    [Fact]
    public async Task Query_pages_through_a_partition_in_row_key_order()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        var rowKeys = Enumerable.Range(0, 250).Select(i => $"row-{i:D4}").ToList();
        // Written in shuffled order so that the store has to sort, in batches to keep remote backends fast.
        var shuffled = rowKeys.OrderBy(k => k.GetHashCode(StringComparison.Ordinal)).ToList();
        foreach (var chunk in shuffled.Chunk(100))
        {
            await store.ExecuteBatchAsync(table, "p", [.. chunk.Select(k => DocumentOperation.Insert(k, $$"""{"key":"{{k}}"}"""))]);
        }

        var pages = new List<DocumentPage>();
        string? token = null;
        do
        {
            var page = await store.QueryAsync(table, "p", 100, token);
            pages.Add(page);
            token = page.ContinuationToken;
            Assert.True(pages.Count <= 10, "the continuation tokens never ran out");
        }
        while (token is not null);

        var returned = pages.SelectMany(p => p.Documents).ToList();
        Assert.All(pages, p => Assert.InRange(p.Documents.Count, 0, 100));
        Assert.Equal(100, pages[0].Documents.Count);
        Assert.Equal(rowKeys, returned.Select(d => d.RowKey));
        Assert.All(returned, d =>
        {
            Assert.Equal("p", d.PartitionKey);
            Assert.False(string.IsNullOrEmpty(d.ETag));
            Assert.Equal(d.RowKey, JsonNode.Parse(d.Json)!["key"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task Query_returns_only_the_requested_partition_of_the_requested_table()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        var otherTable = UniqueNames.Table();
        await store.InsertAsync(table, "a", "1", """{"in":"a"}""");
        await store.InsertAsync(table, "a", "2", """{"in":"a"}""");
        await store.InsertAsync(table, "ab", "1", """{"in":"ab"}""");
        await store.InsertAsync(table, "b", "1", """{"in":"b"}""");
        await store.InsertAsync(otherTable, "a", "3", """{"in":"other"}""");

        var page = await store.QueryAsync(table, "a", 100);

        Assert.Null(page.ContinuationToken);
        Assert.Equal(["1", "2"], page.Documents.Select(d => d.RowKey));
        Assert.All(page.Documents, d => AssertJsonEqual("""{"in":"a"}""", d.Json));
    }

    [Fact]
    public async Task Query_of_an_empty_partition_returns_no_documents_and_no_continuation()
    {
        var store = await CreateStoreAsync();
        var page = await store.QueryAsync(UniqueNames.Table(), "nothing", 10);

        Assert.Empty(page.Documents);
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public async Task Query_sorts_row_keys_ordinally()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        string[] keys = ["b", "B", "a", "A", "10", "9", "a-1", "a_1", "aa"];
        foreach (var key in keys)
        {
            await store.InsertAsync(table, "p", key, "{}");
        }

        var page = await store.QueryAsync(table, "p", 100);

        Assert.Equal(keys.Order(StringComparer.Ordinal), page.Documents.Select(d => d.RowKey));
    }

    [Fact]
    public async Task Prefix_query_returns_only_the_rows_starting_with_the_prefix_in_order_and_pages()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        foreach (var key in new[] { "i:1", "l:a:1", "l:a:3", "l:a:2", "l:ab:1", "l:b:1", "l:a", "m:a:1", "l;a:1" })
        {
            await store.InsertAsync(table, "p", key, $$"""{"key":"{{key}}"}""");
        }

        await store.InsertAsync(table, "other", "l:a:9", "{}");

        var first = await store.QueryPrefixAsync(table, "p", "l:a:", 2);
        Assert.Equal(["l:a:1", "l:a:2"], first.Documents.Select(d => d.RowKey));
        Assert.NotNull(first.ContinuationToken);
        var second = await store.QueryPrefixAsync(table, "p", "l:a:", 2, first.ContinuationToken);
        Assert.Equal(["l:a:3"], second.Documents.Select(d => d.RowKey));
        Assert.Null(second.ContinuationToken);
        Assert.Empty((await store.QueryPrefixAsync(table, "p", "l:c:", 10)).Documents);
        Assert.Equal(["l:a", "l:a:1", "l:a:2", "l:a:3", "l:ab:1"], (await store.QueryPrefixAsync(table, "p", "l:a", 10)).Documents.Select(d => d.RowKey));
    }

    [Fact]
    public async Task Batch_applies_every_operation_and_returns_etags_in_order()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        var replaceEtag = await store.InsertAsync(table, "p", "replace", """{"v":0}""");
        await store.InsertAsync(table, "p", "delete", "{}");
        await store.InsertAsync(table, "p", "upsert", """{"v":0}""");

        var etags = await store.ExecuteBatchAsync(table, "p",
        [
            DocumentOperation.Insert("insert", """{"v":1}"""),
            DocumentOperation.Replace("replace", """{"v":2}""", replaceEtag),
            DocumentOperation.Upsert("upsert", """{"v":3}"""),
            DocumentOperation.Delete("delete"),
        ]);

        Assert.Equal(4, etags.Count);
        Assert.Null(etags[3]);
        var documents = (await store.QueryAsync(table, "p", 100)).Documents.ToDictionary(d => d.RowKey);
        Assert.Equal(["insert", "replace", "upsert"], documents.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(etags[0], documents["insert"].ETag);
        Assert.Equal(etags[1], documents["replace"].ETag);
        Assert.Equal(etags[2], documents["upsert"].ETag);
        AssertJsonEqual("""{"v":1}""", documents["insert"].Json);
        AssertJsonEqual("""{"v":2}""", documents["replace"].Json);
        AssertJsonEqual("""{"v":3}""", documents["upsert"].Json);
    }

    [Fact]
    public async Task Batch_with_a_conflicting_insert_writes_nothing()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        var existingEtag = await store.InsertAsync(table, "p", "existing", """{"v":0}""");
        var upsertableEtag = await store.InsertAsync(table, "p", "upsertable", """{"v":0}""");
        var deletableEtag = await store.InsertAsync(table, "p", "deletable", "{}");

        await Assert.ThrowsAsync<DocumentConflictException>(() => store.ExecuteBatchAsync(table, "p",
        [
            DocumentOperation.Insert("new-1", "{}"),
            DocumentOperation.Upsert("upsertable", """{"v":1}"""),
            DocumentOperation.Delete("deletable"),
            DocumentOperation.Insert("new-2", "{}"),
            DocumentOperation.Insert("existing", """{"v":2}"""),
        ]));

        Assert.Null(await store.GetAsync(table, "p", "new-1"));
        Assert.Null(await store.GetAsync(table, "p", "new-2"));
        var existing = await store.GetAsync(table, "p", "existing");
        Assert.NotNull(existing);
        Assert.Equal(existingEtag, existing.ETag);
        AssertJsonEqual("""{"v":0}""", existing.Json);
        var upsertable = await store.GetAsync(table, "p", "upsertable");
        Assert.NotNull(upsertable);
        Assert.Equal(upsertableEtag, upsertable.ETag);
        AssertJsonEqual("""{"v":0}""", upsertable.Json);
        Assert.Equal(deletableEtag, (await store.GetAsync(table, "p", "deletable"))?.ETag);
    }

    [Fact]
    public async Task Batch_with_a_stale_etag_writes_nothing()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        var stale = await store.InsertAsync(table, "p", "r", """{"v":1}""");
        var current = await store.ReplaceAsync(table, "p", "r", """{"v":2}""", stale);

        await Assert.ThrowsAsync<DocumentConflictException>(() => store.ExecuteBatchAsync(table, "p",
        [
            DocumentOperation.Insert("other", "{}"),
            DocumentOperation.Replace("r", """{"v":3}""", stale),
        ]));

        Assert.Null(await store.GetAsync(table, "p", "other"));
        Assert.Equal(current, (await store.GetAsync(table, "p", "r"))?.ETag);
    }

    [Fact]
    public async Task Batch_with_a_stale_delete_etag_writes_nothing()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        var stale = await store.InsertAsync(table, "p", "r", """{"v":1}""");
        await store.ReplaceAsync(table, "p", "r", """{"v":2}""", stale);

        await Assert.ThrowsAsync<DocumentConflictException>(() => store.ExecuteBatchAsync(table, "p",
        [
            DocumentOperation.Upsert("other", "{}"),
            DocumentOperation.Delete("r", stale),
        ]));

        Assert.Null(await store.GetAsync(table, "p", "other"));
        Assert.NotNull(await store.GetAsync(table, "p", "r"));
    }

    [Fact]
    public async Task Batch_deleting_a_missing_document_throws_not_found_and_writes_nothing()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        var kept = await store.InsertAsync(table, "p", "kept", """{"v":1}""");

        await Assert.ThrowsAsync<DocumentNotFoundException>(() => store.ExecuteBatchAsync(table, "p",
        [
            DocumentOperation.Upsert("other", "{}"),
            DocumentOperation.Delete("kept"),
            DocumentOperation.Delete("never-there"),
        ]));

        Assert.Null(await store.GetAsync(table, "p", "other"));
        Assert.Equal(kept, (await store.GetAsync(table, "p", "kept"))?.ETag);
    }

    [Fact]
    public async Task Batch_deleting_a_document_deleted_since_it_was_read_throws_not_found()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        var etag = await store.InsertAsync(table, "p", "r", """{"v":1}""");
        await store.ExecuteBatchAsync(table, "p", [DocumentOperation.Delete("r", etag)]);

        // The second of two deletes of what both read: the same etag, the document gone.
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => store.ExecuteBatchAsync(table, "p", [DocumentOperation.Delete("r", etag)]));
    }

    [Fact]
    public async Task Batch_of_more_than_100_operations_is_refused()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        var operations = Enumerable.Range(0, 101).Select(i => DocumentOperation.Insert($"r{i}", "{}")).ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => store.ExecuteBatchAsync(table, "p", operations));
        Assert.Empty((await store.QueryAsync(table, "p", 200)).Documents);
    }

    [Fact]
    public async Task Unicode_keys_and_content_round_trip()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        const string partition = "tenant-ünïcødé-日本";
        const string row = "row 😀 émoji ✓";
        const string json = """{"text":"Grüße, 世界 😀 \u0000 \"quoted\" \\ back","rtl":"שלום"}""";

        var etag = await store.InsertAsync(table, partition, row, json);

        var doc = await store.GetAsync(table, partition, row);
        Assert.NotNull(doc);
        Assert.Equal(etag, doc.ETag);
        Assert.Equal(partition, doc.PartitionKey);
        Assert.Equal(row, doc.RowKey);
        AssertJsonEqual(json, doc.Json);
        Assert.Equal([row], (await store.QueryAsync(table, partition, 10)).Documents.Select(d => d.RowKey));
    }

    [Fact]
    public async Task A_200_KB_document_round_trips()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        var items = new JsonArray();
        for (var (i, bytes) = (0, 0); bytes < 200 * 1024; i++)
        {
            var item = new JsonObject { ["id"] = i, ["name"] = $"item {i} — ünïcødé", ["tags"] = new JsonArray("a", "b") };
            bytes += Encoding.UTF8.GetByteCount(item.ToJsonString()) + 1;
            items.Add(item);
        }

        var json = new JsonObject { ["items"] = items }.ToJsonString();
        var etag = await store.InsertAsync(table, "p", "big", json);

        var doc = await store.GetAsync(table, "p", "big");
        Assert.NotNull(doc);
        Assert.Equal(etag, doc.ETag);
        AssertJsonEqual(json, doc.Json);

        var replaced = await store.ReplaceAsync(table, "p", "big", json.Replace("item", "ITEM", StringComparison.Ordinal), etag);
        var page = await store.QueryAsync(table, "p", 10);
        Assert.Equal(replaced, Assert.Single(page.Documents).ETag);
        Assert.Contains("ITEM 7", page.Documents[0].Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_replaces_with_the_same_etag_let_exactly_one_win()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        var etag = await store.InsertAsync(table, "p", "r", """{"winner":-1}""");
        const int contenders = 8;
        using var start = new ManualResetEventSlim();

        var attempts = Enumerable.Range(0, contenders).Select(i => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                return (Index: i, ETag: (string?)await store.ReplaceAsync(table, "p", "r", $$"""{"winner":{{i}}}""", etag));
            }
            catch (DocumentConflictException)
            {
                return (Index: i, ETag: null);
            }
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.ETag is not null);
        var doc = await store.GetAsync(table, "p", "r");
        Assert.NotNull(doc);
        Assert.Equal(winner.ETag, doc.ETag);
        Assert.Equal(winner.Index, JsonNode.Parse(doc.Json)!["winner"]!.GetValue<int>());
    }

    [Fact]
    public async Task Concurrent_inserts_of_the_same_keys_let_exactly_one_win()
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        using var start = new ManualResetEventSlim();

        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                await store.InsertAsync(table, "p", "r", $$"""{"winner":{{i}}}""");
                return true;
            }
            catch (DocumentConflictException)
            {
                return false;
            }
        })).ToList();
        start.Set();

        Assert.Single(await Task.WhenAll(attempts), won => won);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task Query_page_sizes_outside_1_to_1000_are_refused(int maxCount)
    {
        var store = await CreateStoreAsync();
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.QueryAsync(UniqueNames.Table(), "p", maxCount));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Upper")]
    [InlineData("1starts-with-digit")]
    [InlineData("has-dash")]
    public async Task Invalid_table_names_are_refused(string table)
    {
        var store = await CreateStoreAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => store.InsertAsync(table, "p", "r", "{}"));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\\b")]
    [InlineData("a\tb")]
    public async Task Keys_with_forbidden_characters_are_refused(string key)
    {
        var store = await CreateStoreAsync();
        var table = UniqueNames.Table();
        await Assert.ThrowsAsync<ArgumentException>(() => store.InsertAsync(table, key, "r", "{}"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.InsertAsync(table, "p", key, "{}"));
    }

    protected static void AssertJsonEqual(string expected, string actual)
    {
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"JSON differs.\nExpected: {Truncate(expected)}\nActual:   {Truncate(actual)}");
    }

    private static string Truncate(string s) => s.Length <= 300 ? s : s[..300] + "…";
}
