using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Core.Events;
using Serverless.Core.Platform;
using Serverless.Core.Storage;
using Serverless.Core.Storage.Embedded;
using Serverless.Core.Triggers;
using Serverless.Core.Webhooks.Outbound;
using Xunit;

namespace Serverless.Core.Tests.Events;

/// <summary>The outbox over the embedded store: nothing published is lost, and dispatch is idempotent.</summary>
public sealed class EventOutboxTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("outbox-tests-").FullName;
    private readonly SqliteDatabase _database;
    private readonly SqliteDocumentStore _store;
    private readonly SqliteWorkQueue _queue;
    private readonly StoredEventLog _log;
    private readonly WebhookRepository _webhooks;
    private readonly WebhookDeliveryStore _deliveries;
    private readonly WebhookDispatcher _dispatcher;

    public EventOutboxTests()
    {
        _database = new SqliteDatabase(Path.Combine(_directory, "store.db"));
        _store = new SqliteDocumentStore(_database);
        _queue = new SqliteWorkQueue(_database);
        _log = new StoredEventLog(_store);
        _webhooks = new WebhookRepository(_store, new EncryptedSecretStore(_database, new byte[32]), TimeProvider.System);
        _deliveries = new WebhookDeliveryStore(_store);
        _dispatcher = new WebhookDispatcher(_webhooks, _deliveries, _log, _queue, TimeProvider.System);
    }

    [Fact]
    public async Task A_publish_whose_enqueue_failed_stores_nothing_and_is_not_acknowledged()
    {
        var environmentId = Guid.CreateVersion7();
        var crashing = new EventOutbox(_log, _store, new EnqueueFailingQueue(_queue));
        var platformEvent = NewEvent(environmentId, "record:created");

        await Assert.ThrowsAsync<IOException>(() => crashing.PublishAsync(platformEvent));

        // Nothing in the log that would never be fanned out.
        Assert.Null(await _log.GetAsync(environmentId, platformEvent.Id));
    }

    [Fact]
    public async Task An_event_whose_log_write_was_lost_is_stored_and_fanned_out_from_its_message()
    {
        var environmentId = Guid.CreateVersion7();
        var webhook = await CreateWebhookAsync(environmentId, []);
        var platformEvent = NewEvent(environmentId, "record:created");
        // The publisher died right after enqueueing: the queued message is all there is.
        await new EventOutbox(_log, _store, _queue).EnqueueAsync(new EventOutboxMessage(environmentId, platformEvent.Id, platformEvent), CancellationToken.None);
        Assert.Null(await _log.GetAsync(environmentId, platformEvent.Id));

        await FanOutNextAsync();

        Assert.Equal("record:created", (await _log.GetAsync(environmentId, platformEvent.Id))!.EventType);
        var parsed = WebhookDispatcher.ParseMessage(Assert.Single(await _queue.ReceiveAsync(WebhookDispatcher.DeliveryQueue, 32, TimeSpan.FromSeconds(30))).Body);
        Assert.Equal((webhook.Id, platformEvent.Id, 1), (parsed.WebhookId, parsed.DeliveryId, parsed.Attempt));
    }

    [Fact]
    public async Task A_marker_left_by_an_earlier_version_is_re_enqueued_by_the_sweeper_fanned_out_and_cleared()
    {
        var environmentId = Guid.CreateVersion7();
        var webhook = await CreateWebhookAsync(environmentId, []);
        var platformEvent = NewEvent(environmentId, "record:created");
        // An earlier version wrote the marker and the event, then died before enqueueing.
        await EventOutboxMarkers.WriteAsync(_store, platformEvent);
        await _log.PublishAsync(platformEvent);

        var outbox = new EventOutbox(_log, _store, _queue);
        var sweeper = new EventOutboxSweeper(outbox, TimeProvider.System);
        Assert.Equal(0, await sweeper.SweepAsync(TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Equal(1, await sweeper.SweepAsync(TimeSpan.Zero, CancellationToken.None));
        await FanOutNextAsync();

        var parsed = WebhookDispatcher.ParseMessage(Assert.Single(await _queue.ReceiveAsync(WebhookDispatcher.DeliveryQueue, 32, TimeSpan.FromSeconds(30))).Body);
        Assert.Equal((webhook.Id, platformEvent.Id), (parsed.WebhookId, parsed.DeliveryId));
        Assert.Empty(await outbox.ListPendingAsync(10, CancellationToken.None));
        Assert.Equal(0, await sweeper.SweepAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task Repeated_fan_out_of_one_event_creates_one_delivery_per_subscribed_webhook()
    {
        var environmentId = Guid.CreateVersion7();
        var all = await CreateWebhookAsync(environmentId, []);
        var subscribed = await CreateWebhookAsync(environmentId, ["record:updated"]);
        await CreateWebhookAsync(environmentId, ["record:deleted"]);
        await CreateWebhookAsync(Guid.CreateVersion7(), []);
        var platformEvent = NewEvent(environmentId, "record:updated");
        await _log.PublishAsync(platformEvent);

        await _dispatcher.OnEventAsync(platformEvent, CancellationToken.None);
        var first = await _queue.ReceiveAsync(WebhookDispatcher.DeliveryQueue, 32, TimeSpan.FromSeconds(30));
        foreach (var message in first)
        {
            // The first attempt was made: a repeated fan-out must not start the delivery again.
            var stored = (await _deliveries.GetAsync(WebhookDispatcher.ParseMessage(message.Body).WebhookId, platformEvent.Id, CancellationToken.None))!;
            await _deliveries.ReplaceAsync(stored, stored.Value with { Attempts = [new WebhookDeliveryAttempt(1, DateTimeOffset.UtcNow, 5, 500, null)] }, CancellationToken.None);
        }
        await _dispatcher.OnEventAsync(platformEvent, CancellationToken.None);

        Assert.Equal([all.Id, subscribed.Id], first.Select(m => WebhookDispatcher.ParseMessage(m.Body).WebhookId).Order());
        Assert.Empty(await _queue.ReceiveAsync(WebhookDispatcher.DeliveryQueue, 32, TimeSpan.FromSeconds(30)));
        Assert.Single((await _deliveries.ListAsync(all.Id, 10, null, CancellationToken.None)).Items);
    }

    public void Dispose()
    {
        _database.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private async Task<WebhookRecord> CreateWebhookAsync(Guid environmentId, IReadOnlyList<string> eventTypes)
    {
        var now = DateTimeOffset.UtcNow;
        var (webhook, _) = await _webhooks.CreateAsync(new WebhookRecord(SequentialUuid.Next(now), environmentId, "https://hooks.example.com/x", eventTypes, true, now, now), CancellationToken.None);
        return webhook;
    }

    private async Task FanOutNextAsync()
    {
        var fanOut = new EventFanOutHandler(_log, new EventOutbox(_log, _store, _queue), [_dispatcher], NullLogger<EventFanOutHandler>.Instance);
        var message = Assert.Single(await _queue.ReceiveAsync(EventOutbox.FanOutQueue, 32, TimeSpan.FromSeconds(30)));
        await fanOut.HandleAsync(new QueueTriggerContext(message.Queue, message.Id, message.Body, 1, message.InsertedAt), CancellationToken.None);
        await _queue.CompleteAsync(message);
    }

    private static PlatformEvent NewEvent(Guid environmentId, string eventType) =>
        new(Guid.CreateVersion7(), environmentId, eventType, new JsonObject { ["id"] = "1" }, DateTimeOffset.UtcNow);

    /// <summary>The real queue, except that enqueueing fails the way a process dying at that moment would leave things.</summary>
    private sealed class EnqueueFailingQueue(IWorkQueue inner) : IWorkQueue
    {
        public Task EnqueueAsync(string queue, string message, TimeSpan? delay = null, CancellationToken cancellationToken = default) =>
            throw new IOException("the process died before enqueueing");

        public Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default) =>
            inner.ReceiveAsync(queue, maxMessages, visibilityTimeout, cancellationToken);

        public Task CompleteAsync(QueueMessage message, CancellationToken cancellationToken = default) => inner.CompleteAsync(message, cancellationToken);

        public Task<QueueMessage> RenewAsync(QueueMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default) =>
            inner.RenewAsync(message, visibilityTimeout, cancellationToken);

        public Task AbandonAsync(QueueMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default) => inner.AbandonAsync(message, delay, cancellationToken);
    }
}
