using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Storage;
using Serverless.Functions.Storage.Azure;
using Serverless.Storage.Tests.Contracts;
using Xunit;

namespace Serverless.Storage.Tests.Azure;

/// <summary>Azure-specific behaviour of the SDK-based stores against a real Azurite, beyond the backend-neutral contracts.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzuriteStorageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Azurite_rejects_requests_signed_with_another_key()
    {
        var wrongKey = Convert.ToBase64String(Enumerable.Repeat((byte)7, 64).ToArray());
        var options = azurite.Options with { ConnectionString = azurite.ConnectionString.Replace(AzuriteFixture.DevelopmentAccountKey, wrongKey, StringComparison.Ordinal) };
        var blobs = new AzureBlobStore(new AzureStorageClients(options).Blobs);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => blobs.PutAsync(UniqueNames.Container(), "b", new byte[] { 1 }));

        Assert.Equal(403, error.Status);
    }

    [Fact]
    public async Task Queue_messages_are_stored_as_plain_text_for_the_functions_host()
    {
        var queue = new AzureQueueWorkQueue(azurite.Clients.Queues, new WorkQueueOptions());
        var name = UniqueNames.Queue();
        const string body = """{"a":"<b> & 'c' \"d\" ü"}""";

        await queue.EnqueueAsync(name, body);

        // Peek with a client that decodes nothing: the text must be the body itself, not base64 (host.json's messageEncoding "none").
        var raw = new global::Azure.Storage.Queues.QueueClient(azurite.ConnectionString, name);
        var peeked = Assert.Single((await raw.PeekMessagesAsync(1)).Value);
        Assert.Equal(body, peeked.Body.ToString());
    }

    [Fact]
    public async Task A_poisoned_message_is_logged_aside_and_its_old_receipt_is_stale()
    {
        var queue = new AzureQueueWorkQueue(azurite.Clients.Queues, new WorkQueueOptions { MaxDequeueCount = 1 });
        var name = UniqueNames.Queue();
        await queue.EnqueueAsync(name, "bad");
        var first = Assert.Single(await queue.ReceiveAsync(name, 1, TimeSpan.FromSeconds(30)));
        await queue.AbandonAsync(first);

        Assert.Empty(await queue.ReceiveAsync(name, 32, TimeSpan.FromSeconds(30)));

        var poisoned = Assert.Single(await queue.ReceiveAsync(WorkQueueOptions.PoisonQueueOf(name), 1, TimeSpan.FromSeconds(30)));
        Assert.Equal("bad", poisoned.Body);
        Assert.Equal(1, poisoned.DequeueCount);
        await Assert.ThrowsAsync<MessageReceiptExpiredException>(() => queue.AbandonAsync(first));
    }

    [Fact]
    public async Task A_long_document_is_split_over_document_properties_and_reassembled()
    {
        var store = new AzureTableDocumentStore(azurite.Clients.Tables);
        var table = UniqueNames.Table();
        var json = "{\"text\":\"" + string.Concat(Enumerable.Repeat("ab😀", 40_000)) + "\"}";

        await store.InsertAsync(table, "p", "r", json);

        TableEntity entity = await azurite.Clients.Tables.GetTableClient(table).GetEntityAsync<TableEntity>("p", "r");
        var parts = entity.Keys.Where(k => k.StartsWith("Document", StringComparison.Ordinal)).ToList();
        Assert.Equal((json.Length + TableEntityCodec.PartLength - 1) / TableEntityCodec.PartLength, parts.Count);
        Assert.All(parts, p => Assert.True(entity.GetString(p)!.Length <= TableEntityCodec.PartLength));
        Assert.Equal(json, (await store.GetAsync(table, "p", "r"))!.Json);
    }

    [Fact]
    public async Task A_document_over_the_entity_limit_is_refused_with_its_size()
    {
        var store = new AzureTableDocumentStore(azurite.Clients.Tables);
        var table = UniqueNames.Table();
        var json = "\"" + new string('x', 600_000) + "\"";

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync(table, "p", "huge", json));

        Assert.Contains("too large for Azure Table storage", error.Message, StringComparison.Ordinal);
        Assert.Contains("600002 characters", error.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetAsync(table, "p", "huge"));
    }

    [Fact]
    public async Task A_full_page_continues_with_the_service_token()
    {
        var store = new AzureTableDocumentStore(azurite.Clients.Tables);
        var table = UniqueNames.Table();
        for (var batch = 0; batch < 11; batch++)
        {
            var operations = Enumerable.Range(batch * 100, batch == 10 ? 5 : 100).Select(i => DocumentOperation.Insert($"r{i:D5}", $$"""{"i":{{i}}}""")).ToList();
            await store.ExecuteBatchAsync(table, "p", operations);
        }

        var first = await store.QueryAsync(table, "p", 1000);
        Assert.Equal(1000, first.Documents.Count);
        Assert.NotNull(first.ContinuationToken);
        var second = await store.QueryAsync(table, "p", 1000, first.ContinuationToken);

        Assert.Equal(5, second.Documents.Count);
        Assert.Null(second.ContinuationToken);
        Assert.Equal("r01004", second.Documents[^1].RowKey);
    }

    [Fact]
    public async Task A_malformed_continuation_token_is_refused()
    {
        var store = new AzureTableDocumentStore(azurite.Clients.Tables);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.QueryAsync(UniqueNames.Table(), "p", 10, "not a token!"));

        Assert.Contains("continuation token is malformed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_replace_of_a_missing_document_throws_not_found_and_writes_nothing()
    {
        var store = new AzureTableDocumentStore(azurite.Clients.Tables);
        var table = UniqueNames.Table();
        var etag = await store.InsertAsync(table, "p", "exists", "{}");

        await Assert.ThrowsAsync<DocumentNotFoundException>(() => store.ExecuteBatchAsync(table, "p",
            [DocumentOperation.Insert("new", "{}"), DocumentOperation.Replace("missing", "{}", etag)]));

        Assert.Null(await store.GetAsync(table, "p", "new"));
    }

    [Theory]
    [InlineData("o'brien")]
    [InlineData("50% off+tax&more=yes")]
    [InlineData("(paren),comma;semi")]
    [InlineData("''")]
    public async Task Keys_with_url_and_odata_special_characters_address_the_right_entity(string key)
    {
        var store = new AzureTableDocumentStore(azurite.Clients.Tables);
        var table = UniqueNames.Table();

        var etag = await store.InsertAsync(table, key, key, """{"k":1}""");
        var replaced = await store.ReplaceAsync(table, key, key, """{"k":2}""", etag);
        var page = await store.QueryAsync(table, key, 10);
        var batch = await store.ExecuteBatchAsync(table, key, [DocumentOperation.Replace(key, """{"k":3}""", replaced)]);

        var document = Assert.Single(page.Documents);
        Assert.Equal(key, document.PartitionKey);
        Assert.Equal(key, document.RowKey);
        Assert.Equal(batch[0], (await store.GetAsync(table, key, key))!.ETag);
        Assert.True(await store.DeleteAsync(table, key, key, batch[0]));
    }

    [Fact]
    public async Task A_failed_batch_names_the_operation_that_failed()
    {
        var store = new AzureTableDocumentStore(azurite.Clients.Tables);
        var table = UniqueNames.Table();
        await store.InsertAsync(table, "p", "taken", "{}");

        var error = await Assert.ThrowsAsync<DocumentConflictException>(() => store.ExecuteBatchAsync(table, "p",
            [DocumentOperation.Insert("free", "{}"), DocumentOperation.Insert("taken", "{}")]));

        Assert.Contains("operation 1 (Insert 'taken')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_touching_a_row_twice_is_refused_before_anything_is_sent()
    {
        var store = new AzureTableDocumentStore(azurite.Clients.Tables);
        var table = UniqueNames.Table();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.ExecuteBatchAsync(table, "p",
            [DocumentOperation.Insert("r", "{}"), DocumentOperation.Upsert("r", "{}")]));

        Assert.Contains("row 'r' only once", error.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetAsync(table, "p", "r"));
    }

    [Fact]
    public async Task Add_azure_storage_registers_working_singletons()
    {
        var services = new ServiceCollection().AddLogging().AddAzureStorage(azurite.Options);
        await using var provider = services.BuildServiceProvider();

        var queue = provider.GetRequiredService<IWorkQueue>();
        Assert.Same(queue, provider.GetRequiredService<IWorkQueue>());
        Assert.IsType<BlobBackedWorkQueue>(queue);
        Assert.IsType<AzureTableDocumentStore>(provider.GetRequiredService<IDocumentStore>());
        Assert.Null(provider.GetService<ISecretStore>());

        var name = UniqueNames.Queue();
        var large = new string('z', 100 * 1024);
        await queue.EnqueueAsync(name, large);
        var message = Assert.Single(await queue.ReceiveAsync(name, 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(large, message.Body);
        await queue.CompleteAsync(message);
        var blobs = provider.GetRequiredService<IBlobStore>();
        var etag = await blobs.PutAsync(UniqueNames.Container(), "x", Encoding.UTF8.GetBytes("y"));
        Assert.False(string.IsNullOrEmpty(etag));
    }
}
