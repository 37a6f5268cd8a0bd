using Serverless.Core.Storage;
using Serverless.Core.Storage.Embedded;
using Xunit;

namespace Serverless.Storage.Tests.Embedded;

/// <summary>Embedded-only queue behaviour beyond the shared contract (Azure refuses a zero visibility timeout).</summary>
public sealed class SqliteWorkQueueTests(EmbeddedDatabaseFixture fixture) : IClassFixture<EmbeddedDatabaseFixture>
{
    private readonly string _queueName = "q-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task A_receive_with_zero_visibility_hands_out_each_message_once_per_call()
    {
        var queue = new SqliteWorkQueue(fixture.Database);
        await queue.EnqueueAsync(_queueName, "a");
        await queue.EnqueueAsync(_queueName, "b");

        var received = await queue.ReceiveAsync(_queueName, 10, TimeSpan.Zero);

        Assert.Equal(["a", "b"], received.Select(m => m.Body).Order(StringComparer.Ordinal));
        Assert.All(received, m => Assert.Equal(1, m.DequeueCount));
    }

    [Fact]
    public async Task Poisoned_messages_free_their_slots_in_the_same_receive()
    {
        var queue = new SqliteWorkQueue(fixture.Database, new WorkQueueOptions { MaxDequeueCount = 1 });
        await queue.EnqueueAsync(_queueName, "bad-1");
        await queue.EnqueueAsync(_queueName, "bad-2");
        foreach (var message in await queue.ReceiveAsync(_queueName, 2, TimeSpan.FromMinutes(1)))
        {
            await queue.AbandonAsync(message);
        }

        await queue.EnqueueAsync(_queueName, "good-1");
        await queue.EnqueueAsync(_queueName, "good-2");

        var received = await queue.ReceiveAsync(_queueName, 2, TimeSpan.FromMinutes(1));

        Assert.Equal(["good-1", "good-2"], received.Select(m => m.Body).Order(StringComparer.Ordinal));
        var poisoned = await queue.ReceiveAsync(WorkQueueOptions.PoisonQueueOf(_queueName), 10, TimeSpan.FromMinutes(1));
        Assert.Equal(["bad-1", "bad-2"], poisoned.Select(m => m.Body).Order(StringComparer.Ordinal));
        Assert.All(poisoned, m => Assert.Equal(1, m.DequeueCount));
    }

    [Fact]
    public async Task The_poison_move_keeps_exactly_one_copy()
    {
        var queue = new SqliteWorkQueue(fixture.Database, new WorkQueueOptions { MaxDequeueCount = 1 });
        await queue.EnqueueAsync(_queueName, "once");
        await queue.AbandonAsync(Assert.Single(await queue.ReceiveAsync(_queueName, 1, TimeSpan.FromMinutes(1))));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => queue.ReceiveAsync(_queueName, 1, TimeSpan.FromMinutes(1)))));

        Assert.Equal(1L, await EmbeddedDatabaseInspection.ScalarAsync(fixture.Database, "SELECT COUNT(*) FROM queue_messages WHERE body = 'once' AND queue LIKE $p;", _queueName + "%"));
        Assert.Equal(1L, await EmbeddedDatabaseInspection.ScalarAsync(fixture.Database, "SELECT COUNT(*) FROM queue_messages WHERE queue = $p;", WorkQueueOptions.PoisonQueueOf(_queueName)));
    }

    [Fact]
    public async Task A_message_id_not_issued_by_the_queue_is_reported_as_an_expired_receipt()
    {
        var queue = new SqliteWorkQueue(fixture.Database);
        var foreign = new QueueMessage(_queueName, "not-a-number", "receipt", "body", 1, DateTimeOffset.UtcNow);

        await Assert.ThrowsAsync<MessageReceiptExpiredException>(() => queue.CompleteAsync(foreign));
    }
}
