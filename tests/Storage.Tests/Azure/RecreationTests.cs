using Serverless.Core.Storage;
using Serverless.Functions.Storage.Azure;
using Serverless.Storage.Tests.Contracts;
using Xunit;

namespace Serverless.Storage.Tests.Azure;

/// <summary>
/// Tables, queues and containers deleted behind a running store (or lost by an in-memory emulator restart)
/// are created again on the next use instead of failing every call until the process restarts.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RecreationTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_deleted_table_is_created_again_on_the_next_write()
    {
        var store = new AzureTableDocumentStore(azurite.Clients.Tables);
        var table = UniqueNames.Table();
        await store.InsertAsync(table, "p", "before", "{}");
        await azurite.Clients.Tables.DeleteTableAsync(table);

        await store.InsertAsync(table, "p", "after", "{}");

        Assert.NotNull(await store.GetAsync(table, "p", "after"));
        Assert.Null(await store.GetAsync(table, "p", "before"));
    }

    [Fact]
    public async Task A_deleted_queue_is_created_again_on_the_next_enqueue()
    {
        var queue = new AzureQueueWorkQueue(azurite.Clients.Queues, new WorkQueueOptions());
        var name = UniqueNames.Queue();
        await queue.EnqueueAsync(name, "before");
        await azurite.Clients.Queues.DeleteQueueAsync(name);

        await queue.EnqueueAsync(name, "after");

        Assert.Equal("after", Assert.Single(await queue.ReceiveAsync(name, 10, TimeSpan.FromSeconds(30))).Body);
    }

    [Fact]
    public async Task A_deleted_container_is_created_again_on_the_next_put()
    {
        var blobs = new AzureBlobStore(azurite.Clients.Blobs);
        var container = UniqueNames.Container();
        await blobs.PutAsync(container, "before", new byte[] { 1 });
        await azurite.Clients.Blobs.DeleteBlobContainerAsync(container);

        await blobs.PutAsync(container, "after", new byte[] { 2 });

        Assert.Equal(new byte[] { 2 }, (await blobs.GetAsync(container, "after"))!.Content.ToArray());
    }
}
