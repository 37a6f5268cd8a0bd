using System.Collections.Concurrent;
using System.Text;
using Serverless.Core.Storage;
using Xunit;

namespace Serverless.Storage.Tests.Contracts;

/// <summary>
/// The behaviour every <see cref="IWorkQueue"/> backend must show, as the application composes it (including
/// the blob-backed decorator for bodies over the backend's message limit). Each test uses its own queue.
/// Visibility timeouts are whole seconds because Azure Queue storage counts in seconds; a message asserted to be
/// hidden is hidden for 2 s, as a backend may round a 1 s timeout down to the start of the current second.
/// </summary>
public abstract class WorkQueueContract
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Hidden = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    /// <summary>A queue over the backend's shared storage, applying <paramref name="options"/>.</summary>
    protected abstract Task<IWorkQueue> CreateQueueAsync(WorkQueueOptions options);

    private Task<IWorkQueue> CreateQueueAsync() => CreateQueueAsync(new WorkQueueOptions());

    [Fact]
    public async Task Receive_returns_an_enqueued_message_with_dequeue_count_one()
    {
        var queue = await CreateQueueAsync();
        var name = UniqueNames.Queue();
        var before = DateTimeOffset.UtcNow;

        await queue.EnqueueAsync(name, "hello");
        var message = Assert.Single(await queue.ReceiveAsync(name, 10, Long));

        Assert.Equal(name, message.Queue);
        Assert.Equal("hello", message.Body);
        Assert.Equal(1, message.DequeueCount);
        Assert.False(string.IsNullOrEmpty(message.Id));
        Assert.False(string.IsNullOrEmpty(message.PopReceipt));
        Assert.InRange(message.InsertedAt, before.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Receive_on_an_empty_or_unknown_queue_returns_nothing()
    {
        var queue = await CreateQueueAsync();
        Assert.Empty(await queue.ReceiveAsync(UniqueNames.Queue(), 10, Long));
    }

    [Fact]
    public async Task Receive_takes_at_most_max_messages()
    {
        var queue = await CreateQueueAsync();
        var name = UniqueNames.Queue();
        for (var i = 0; i < 5; i++)
        {
            await queue.EnqueueAsync(name, $"m{i}");
        }

        var first = await queue.ReceiveAsync(name, 3, Long);
        var second = await queue.ReceiveAsync(name, 10, Long);

        Assert.Equal(3, first.Count);
        Assert.Equal(2, second.Count);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"m{i}"), first.Concat(second).Select(m => m.Body).Order(StringComparer.Ordinal));
        Assert.Equal(5, first.Concat(second).Select(m => m.Id).Distinct().Count());
    }

    [Fact]
    public async Task Queues_are_isolated_from_each_other()
    {
        var queue = await CreateQueueAsync();
        var a = UniqueNames.Queue();
        var b = UniqueNames.Queue();
        await queue.EnqueueAsync(a, "for a");

        Assert.Empty(await queue.ReceiveAsync(b, 10, Long));
        Assert.Equal("for a", Assert.Single(await queue.ReceiveAsync(a, 10, Long)).Body);
    }

    [Fact]
    public async Task A_received_message_is_hidden_then_reappears_with_an_incremented_dequeue_count()
    {
        var queue = await CreateQueueAsync();
        var name = UniqueNames.Queue();
        await queue.EnqueueAsync(name, "retry me");

        var first = Assert.Single(await queue.ReceiveAsync(name, 10, Hidden));
        Assert.Empty(await queue.ReceiveAsync(name, 10, Short));
        var second = Assert.Single(await ReceiveEventuallyAsync(queue, name));

        Assert.Equal(first.Id, second.Id);
        Assert.Equal("retry me", second.Body);
        Assert.Equal(2, second.DequeueCount);
        Assert.NotEqual(first.PopReceipt, second.PopReceipt);
    }

    [Fact]
    public async Task A_completed_message_does_not_reappear()
    {
        var queue = await CreateQueueAsync();
        var name = UniqueNames.Queue();
        await queue.EnqueueAsync(name, "done");
        await queue.EnqueueAsync(name, "canary");

        var received = await queue.ReceiveAsync(name, 10, Short);
        Assert.Equal(2, received.Count);
        await queue.CompleteAsync(received.Single(m => m.Body == "done"));

        // The canary reappearing proves the visibility timeout lapsed; the completed message must not come with it.
        var again = await ReceiveEventuallyAsync(queue, name);
        Assert.Equal("canary", Assert.Single(again).Body);
    }

    [Fact]
    public async Task Completing_twice_throws_receipt_expired()
    {
        var queue = await CreateQueueAsync();
        var name = UniqueNames.Queue();
        await queue.EnqueueAsync(name, "once");
        var message = Assert.Single(await queue.ReceiveAsync(name, 1, Long));

        await queue.CompleteAsync(message);

        await Assert.ThrowsAsync<MessageReceiptExpiredException>(() => queue.CompleteAsync(message));
    }

    [Fact]
    public async Task A_receipt_goes_stale_when_the_message_is_received_again()
    {
        var queue = await CreateQueueAsync();
        var name = UniqueNames.Queue();
        await queue.EnqueueAsync(name, "contested");
        var stale = Assert.Single(await queue.ReceiveAsync(name, 1, Short));
        var current = Assert.Single(await ReceiveEventuallyAsync(queue, name, Long));

        await Assert.ThrowsAsync<MessageReceiptExpiredException>(() => queue.CompleteAsync(stale));
        await Assert.ThrowsAsync<MessageReceiptExpiredException>(() => queue.RenewAsync(stale, Long));
        await Assert.ThrowsAsync<MessageReceiptExpiredException>(() => queue.AbandonAsync(stale));

        // The current holder is unaffected by the stale attempts.
        await queue.CompleteAsync(current);
        Assert.Empty(await queue.ReceiveAsync(name, 10, Long));
    }

    [Fact]
    public async Task Enqueue_with_a_delay_hides_the_message_until_the_delay_passes()
    {
        var queue = await CreateQueueAsync();
        var name = UniqueNames.Queue();

        await queue.EnqueueAsync(name, "later", Hidden);

        Assert.Empty(await queue.ReceiveAsync(name, 10, Long));
        var message = Assert.Single(await ReceiveEventuallyAsync(queue, name, Long));
        Assert.Equal("later", message.Body);
        Assert.Equal(1, message.DequeueCount);
    }

    [Fact]
    public async Task Renew_keeps_the_message_hidden_and_replaces_the_receipt()
    {
        var queue = await CreateQueueAsync();
        var name = UniqueNames.Queue();
        await queue.EnqueueAsync(name, "long job");
        await queue.EnqueueAsync(name, "canary");
        var received = await queue.ReceiveAsync(name, 10, Short);
        var original = received.Single(m => m.Body == "long job");

        var renewed = await queue.RenewAsync(original, Long);

        Assert.Equal(original.Id, renewed.Id);
        Assert.Equal("long job", renewed.Body);
        Assert.NotEqual(original.PopReceipt, renewed.PopReceipt);
        // The canary's 1 s timeout lapsing shows the renewed message outlived its original timeout.
        Assert.Equal("canary", Assert.Single(await ReceiveEventuallyAsync(queue, name, Long)).Body);
        await Assert.ThrowsAsync<MessageReceiptExpiredException>(() => queue.CompleteAsync(original));
        await queue.CompleteAsync(renewed);
    }

    [Fact]
    public async Task Abandon_without_delay_makes_the_message_visible_at_once()
    {
        var queue = await CreateQueueAsync();
        var name = UniqueNames.Queue();
        await queue.EnqueueAsync(name, "try again");
        var first = Assert.Single(await queue.ReceiveAsync(name, 1, Long));

        await queue.AbandonAsync(first);

        var second = Assert.Single(await ReceiveEventuallyAsync(queue, name, Long, TimeSpan.FromSeconds(2)));
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(2, second.DequeueCount);
        await Assert.ThrowsAsync<MessageReceiptExpiredException>(() => queue.CompleteAsync(first));
    }

    [Fact]
    public async Task Abandon_with_a_delay_hides_the_message_for_that_delay()
    {
        var queue = await CreateQueueAsync();
        var name = UniqueNames.Queue();
        await queue.EnqueueAsync(name, "back off");
        var first = Assert.Single(await queue.ReceiveAsync(name, 1, Long));

        await queue.AbandonAsync(first, Hidden);

        Assert.Empty(await queue.ReceiveAsync(name, 10, Long));
        var second = Assert.Single(await ReceiveEventuallyAsync(queue, name, Long));
        Assert.Equal(2, second.DequeueCount);
    }

    [Fact]
    public async Task A_message_received_max_dequeue_count_times_moves_to_the_poison_queue()
    {
        var queue = await CreateQueueAsync(new WorkQueueOptions { MaxDequeueCount = 2 });
        var name = UniqueNames.Queue();
        await queue.EnqueueAsync(name, "poisonous");

        var first = Assert.Single(await queue.ReceiveAsync(name, 10, Long));
        await queue.AbandonAsync(first);
        var second = Assert.Single(await ReceiveEventuallyAsync(queue, name, Long, TimeSpan.FromSeconds(2)));
        Assert.Equal(2, second.DequeueCount);
        await queue.AbandonAsync(second);
        await queue.EnqueueAsync(name, "healthy");

        // The third receive moves "poisonous" aside and still hands out the healthy message.
        var third = await ReceiveEventuallyAsync(queue, name, Long, TimeSpan.FromSeconds(2));
        Assert.Equal("healthy", Assert.Single(third).Body);
        var poisoned = Assert.Single(await ReceiveEventuallyAsync(queue, WorkQueueOptions.PoisonQueueOf(name), Long, TimeSpan.FromSeconds(2)));
        Assert.Equal("poisonous", poisoned.Body);
        Assert.Equal(WorkQueueOptions.PoisonQueueOf(name), poisoned.Queue);
        await Assert.ThrowsAsync<MessageReceiptExpiredException>(() => queue.CompleteAsync(second));
    }

    [Fact]
    public async Task Messages_within_the_dequeue_limit_are_not_poisoned()
    {
        var queue = await CreateQueueAsync(new WorkQueueOptions { MaxDequeueCount = 3 });
        var name = UniqueNames.Queue();
        await queue.EnqueueAsync(name, "flaky");

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var message = Assert.Single(await ReceiveEventuallyAsync(queue, name, Long, TimeSpan.FromSeconds(2)));
            Assert.Equal(attempt, message.DequeueCount);
            if (attempt < 3)
            {
                await queue.AbandonAsync(message);
            }
            else
            {
                await queue.CompleteAsync(message);
            }
        }

        Assert.Empty(await queue.ReceiveAsync(WorkQueueOptions.PoisonQueueOf(name), 10, Long));
    }

    [Fact]
    public async Task Unicode_bodies_round_trip()
    {
        var queue = await CreateQueueAsync();
        var name = UniqueNames.Queue();
        const string body = """{"text":"Grüße, 世界 😀","xml":"<a href=\"x\">&amp;</a>","rtl":"שלום"}""";

        await queue.EnqueueAsync(name, body);

        Assert.Equal(body, Assert.Single(await queue.ReceiveAsync(name, 1, Long)).Body);
    }

    [Fact]
    public async Task A_message_over_64_KiB_round_trips_and_completes()
    {
        var queue = await CreateQueueAsync();
        var name = UniqueNames.Queue();
        var body = LargeBody(100 * 1024);

        await queue.EnqueueAsync(name, body);
        await queue.EnqueueAsync(name, "canary");
        var received = await queue.ReceiveAsync(name, 10, Short);

        Assert.Equal(2, received.Count);
        var large = received.Single(m => m.Body.Length > 1000);
        Assert.Equal(body, large.Body);
        Assert.Equal(1, large.DequeueCount);
        await queue.CompleteAsync(large);
        Assert.Equal("canary", Assert.Single(await ReceiveEventuallyAsync(queue, name, Long)).Body);
    }

    [Fact]
    public async Task A_message_over_64_KiB_survives_renew_abandon_and_poisoning()
    {
        var queue = await CreateQueueAsync(new WorkQueueOptions { MaxDequeueCount = 1 });
        var name = UniqueNames.Queue();
        var body = LargeBody(70 * 1024);
        await queue.EnqueueAsync(name, body);

        var received = Assert.Single(await queue.ReceiveAsync(name, 1, Long));
        var renewed = await queue.RenewAsync(received, Long);
        Assert.Equal(body, renewed.Body);
        await Assert.ThrowsAsync<MessageReceiptExpiredException>(() => queue.CompleteAsync(received));
        await queue.AbandonAsync(renewed);

        Assert.Empty(await queue.ReceiveAsync(name, 1, Long));
        var poisoned = Assert.Single(await ReceiveEventuallyAsync(queue, WorkQueueOptions.PoisonQueueOf(name), Long, TimeSpan.FromSeconds(2)));
        Assert.Equal(body, poisoned.Body);
        await queue.CompleteAsync(poisoned);
    }

    [Fact]
    public async Task Concurrent_receivers_each_get_a_message_exactly_once()
    {
        var queue = await CreateQueueAsync();
        var name = UniqueNames.Queue();
        const int count = 40;
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => queue.EnqueueAsync(name, $"m{i}")));
        var seen = new ConcurrentBag<string>();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var batch = await queue.ReceiveAsync(name, 3, Long);
                if (batch.Count == 0)
                {
                    return;
                }

                foreach (var message in batch)
                {
                    seen.Add(message.Body);
                    await queue.CompleteAsync(message);
                }
            }
        })));

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"m{i}").Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public async Task Receive_batch_sizes_outside_1_to_32_are_refused(int maxMessages)
    {
        var queue = await CreateQueueAsync();
        await Assert.ThrowsAnyAsync<ArgumentException>(() => queue.ReceiveAsync(UniqueNames.Queue(), maxMessages, Long));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Upper-case")]
    [InlineData("under_score")]
    public async Task Invalid_queue_names_are_refused(string name)
    {
        var queue = await CreateQueueAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => queue.EnqueueAsync(name, "x"));
        await Assert.ThrowsAsync<ArgumentException>(() => queue.ReceiveAsync(name, 1, Long));
    }

    /// <summary>Polls until a receive returns something, up to <paramref name="within"/> (default 5 s).</summary>
    protected static async Task<IReadOnlyList<QueueMessage>> ReceiveEventuallyAsync(IWorkQueue queue, string name, TimeSpan? visibilityTimeout = null, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            var messages = await queue.ReceiveAsync(name, 10, visibilityTimeout ?? Short);
            if (messages.Count > 0 || DateTime.UtcNow > deadline)
            {
                return messages;
            }

            await Task.Delay(100);
        }
    }

    private static string LargeBody(int minBytes)
    {
        var builder = new StringBuilder("{\"rows\":[");
        for (var (i, bytes) = (0, 0); bytes < minBytes; i++)
        {
            var row = $"{{\"id\":{i},\"text\":\"ünïcødé 😀 row {i}\"}},";
            bytes += Encoding.UTF8.GetByteCount(row);
            builder.Append(row);
        }

        builder.Length--;

        return builder.Append("]}").ToString();
    }
}
