using Serverless.Core.Storage;
using Serverless.Core.Storage.Embedded;
using Xunit;

namespace Serverless.Storage.Tests.Embedded;

public sealed class BlobBackedWorkQueueTests(EmbeddedDatabaseFixture fixture) : IClassFixture<EmbeddedDatabaseFixture>
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(1);
    private readonly string _container = "c-" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _queueName = "q-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Bodies_within_the_limit_stay_in_the_queue()
    {
        var (queue, inner) = Create(maxInlineBytes: 8);

        await queue.EnqueueAsync(_queueName, "12345678");

        Assert.Equal(0, await EmbeddedDatabaseInspection.CountBlobsAsync(fixture.Database, _container));
        Assert.Equal("12345678", Assert.Single(await inner.ReceiveAsync(_queueName, 1, Long)).Body);
    }

    [Fact]
    public async Task A_body_over_the_limit_goes_to_a_blob_that_completion_deletes()
    {
        var (queue, inner) = Create(maxInlineBytes: 8);
        await queue.EnqueueAsync(_queueName, "123456789");
        Assert.Equal(1, await EmbeddedDatabaseInspection.CountBlobsAsync(fixture.Database, _container));

        var message = Assert.Single(await queue.ReceiveAsync(_queueName, 1, Long));
        Assert.Equal("123456789", message.Body);
        await queue.CompleteAsync(message);

        Assert.Equal(0, await EmbeddedDatabaseInspection.CountBlobsAsync(fixture.Database, _container));
        Assert.Empty(await inner.ReceiveAsync(_queueName, 1, TimeSpan.Zero));
    }

    [Fact]
    public async Task The_limit_counts_utf8_bytes_not_characters()
    {
        var (queue, _) = Create(maxInlineBytes: 8);

        await queue.EnqueueAsync(_queueName, "ééééé");

        Assert.Equal(1, await EmbeddedDatabaseInspection.CountBlobsAsync(fixture.Database, _container));
        Assert.Equal("ééééé", Assert.Single(await queue.ReceiveAsync(_queueName, 1, Long)).Body);
    }

    [Fact]
    public async Task A_small_body_that_looks_like_a_reference_round_trips_unchanged()
    {
        var (queue, _) = Create();
        var lookalike = BlobBackedWorkQueue.ReferenceMarker + _container + "/not-a-real-blob";

        await queue.EnqueueAsync(_queueName, lookalike);

        Assert.Equal(lookalike, Assert.Single(await queue.ReceiveAsync(_queueName, 1, Long)).Body);
    }

    [Fact]
    public async Task A_message_handed_over_raw_by_a_host_is_resolved_and_its_blob_deleted_on_completion()
    {
        var (queue, inner) = Create(maxInlineBytes: 4);
        await queue.EnqueueAsync(_queueName, "large enough body");
        // The Functions host receives messages itself and passes the queued text on unchanged.
        var raw = Assert.Single(await inner.ReceiveAsync(_queueName, 1, Long));
        Assert.True(BlobBackedWorkQueue.IsReference(raw.Body));

        var resolved = await queue.ResolveAsync(raw);
        Assert.Equal("large enough body", resolved?.Body);
        await queue.CompleteAsync(raw);

        Assert.Equal(0, await EmbeddedDatabaseInspection.CountBlobsAsync(fixture.Database, _container));
    }

    [Fact]
    public async Task A_host_that_completes_messages_itself_can_delete_the_body_blob()
    {
        var (queue, inner) = Create(maxInlineBytes: 4);
        await queue.EnqueueAsync(_queueName, "large enough body");
        await queue.EnqueueAsync(_queueName, "tiny");
        var raw = await inner.ReceiveAsync(_queueName, 10, Long);

        foreach (var message in raw)
        {
            await queue.DeleteBodyAsync(message.Body);
            await inner.CompleteAsync(message);
        }

        Assert.Equal(2, raw.Count);
        Assert.Equal(0, await EmbeddedDatabaseInspection.CountBlobsAsync(fixture.Database, _container));
    }

    [Fact]
    public async Task A_message_whose_blob_is_gone_is_not_handed_out()
    {
        var (queue, _) = Create(maxInlineBytes: 4);
        await queue.EnqueueAsync(_queueName, "large enough body");
        await queue.EnqueueAsync(_queueName, "tiny");
        await EmbeddedDatabaseInspection.ExecuteAsync(fixture.Database, "DELETE FROM blobs WHERE container = $c;", ("$c", _container));

        var received = await queue.ReceiveAsync(_queueName, 10, Long);

        Assert.Equal("tiny", Assert.Single(received).Body);
    }

    [Fact]
    public async Task A_stale_receipt_of_a_large_message_keeps_its_blob()
    {
        var (queue, _) = Create(maxInlineBytes: 4);
        await queue.EnqueueAsync(_queueName, "large enough body");
        var first = Assert.Single(await queue.ReceiveAsync(_queueName, 1, TimeSpan.Zero));
        var second = Assert.Single(await queue.ReceiveAsync(_queueName, 1, Long));

        await Assert.ThrowsAsync<MessageReceiptExpiredException>(() => queue.CompleteAsync(first));

        Assert.Equal(1, await EmbeddedDatabaseInspection.CountBlobsAsync(fixture.Database, _container));
        await queue.CompleteAsync(second);
        Assert.Equal(0, await EmbeddedDatabaseInspection.CountBlobsAsync(fixture.Database, _container));
    }

    private (BlobBackedWorkQueue Queue, SqliteWorkQueue Inner) Create(int maxInlineBytes = 48 * 1024)
    {
        var inner = new SqliteWorkQueue(fixture.Database);
        var queue = new BlobBackedWorkQueue(inner, new SqliteBlobStore(fixture.Database), new LargeMessageOptions { MaxInlineBytes = maxInlineBytes, Container = _container });
        return (queue, inner);
    }
}
