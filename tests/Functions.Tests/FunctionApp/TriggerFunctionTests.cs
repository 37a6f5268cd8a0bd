using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Events;
using Serverless.Core.Platform;
using Serverless.Core.Storage;
using Serverless.Core.Tests.Events;
using Serverless.Core.Webhooks.Outbound;
using Serverless.Functions.Tests.Webhooks.Outbound;
using Xunit;
using WorkQueueMessage = Serverless.Core.Storage.QueueMessage;

namespace Serverless.Functions.Tests.FunctionApp;

/// <summary>
/// The platform's queue and timer functions called directly, the test playing the Functions host: it takes each
/// message from the queue, invokes the function with it and deletes the message when the invocation succeeds.
/// </summary>
public sealed class TriggerFunctionTests : IAsyncLifetime
{
    // The fan-out function binds a Durable client for workflow triggers; with no workflow defined, none is asked for.
    private static readonly Microsoft.DurableTask.Client.DurableTaskClient NoWorkflows = null!;

    private readonly WebhookReceiver _receiver = new();
    private FunctionAppHarness _app = null!;

    private IWorkQueue Queue => _app.Services.GetRequiredService<IWorkQueue>();

    public async Task InitializeAsync()
    {
        await _receiver.StartAsync();
        _app = await FunctionAppHarness.StartAsync(services => services.AddSingleton(new WebhookDeliveryOptions { InitialRetryDelay = TimeSpan.Zero }));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Fan_out_and_delivery_functions_carry_an_event_to_the_receiver()
    {
        var environmentId = await CreateWebhookAsync();
        _receiver.FailNext(1, 502);

        await PublishAsync(environmentId, "record:updated", DateTimeOffset.UtcNow);

        await RunAsHostAsync(EventOutbox.FanOutQueue, (f, m) => f.EventFanOutAsync(m, NoWorkflows, CancellationToken.None));
        Assert.Empty(_receiver.Received);

        // First attempt: the receiver answers 502, so the handler queues attempt 2 and the invocation still succeeds.
        await RunAsHostAsync(WebhookDispatcher.DeliveryQueue, (f, m) => f.WebhookDeliveryAsync(m, CancellationToken.None));
        Assert.Equal(502, Assert.Single(_receiver.Received).AnsweredStatus);

        var retry = await TakeAsync(WebhookDispatcher.DeliveryQueue);
        await _app.Triggers.WebhookDeliveryAsync(TriggerRunnerTests.AsHostMessage(retry), CancellationToken.None);
        // The host may deliver a message twice: the repeated attempt is recognised and sends nothing.
        await _app.Triggers.WebhookDeliveryAsync(TriggerRunnerTests.AsHostMessage(retry with { DequeueCount = 2 }), CancellationToken.None);
        await Queue.CompleteAsync(retry);

        Assert.Equal([502, 200], _receiver.Received.Select(r => r.AnsweredStatus));
        Assert.Empty(await Queue.ReceiveAsync(WebhookDispatcher.DeliveryQueue, 32, TimeSpan.FromSeconds(1)));
        Assert.Empty(await Queue.ReceiveAsync(EventOutbox.FanOutQueue, 32, TimeSpan.FromSeconds(1)));
        Assert.Empty(await _app.Services.GetRequiredService<EventOutbox>().ListPendingAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task Delivery_whose_handler_fails_on_the_last_try_before_poison_is_recorded_as_failed_and_redeliverable()
    {
        var created = (await _app.InvokeAsync((f, r) => f.PlatformApiAsync(r), HttpMethod.Post, "/webhook", new JsonObject { ["target_url"] = _receiver.Url }))
            .Expect(HttpStatusCode.Created);
        var webhookId = Guid.Parse(created["id"]!.GetValue<string>());
        var secrets = _app.Services.GetRequiredService<ISecretStore>();
        var maxTries = _app.Services.GetRequiredService<WorkQueueOptions>().MaxDequeueCount;
        await PublishAsync(Guid.Parse(created["environment_id"]!.GetValue<string>()), "record:created", DateTimeOffset.UtcNow);
        await RunAsHostAsync(EventOutbox.FanOutQueue, (f, m) => f.EventFanOutAsync(m, NoWorkflows, CancellationToken.None));
        var delivery = await TakeAsync(WebhookDispatcher.DeliveryQueue);

        // The signing secret is unreadable, so every try throws (an internal fault, not a receiver failure).
        var secret = created["secret"]!.GetValue<string>();
        await secrets.DeleteAsync(SecretNames.WebhookSecret(webhookId));
        await Assert.ThrowsAnyAsync<Exception>(() => _app.Triggers.WebhookDeliveryAsync(TriggerRunnerTests.AsHostMessage(delivery with { DequeueCount = maxTries - 1 }), CancellationToken.None));
        Assert.Equal("pending", (await DeliveriesAsync(webhookId))["status"]!.GetValue<string>());

        await Assert.ThrowsAnyAsync<Exception>(() => _app.Triggers.WebhookDeliveryAsync(TriggerRunnerTests.AsHostMessage(delivery with { DequeueCount = maxTries }), CancellationToken.None));
        var failed = await DeliveriesAsync(webhookId);
        Assert.Equal("failed", failed["status"]!.GetValue<string>());
        Assert.Contains("internal error", failed["attempts"]![0]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_receiver.Received);

        // Once the fault is repaired, the failed delivery can be sent again.
        await secrets.SetAsync(SecretNames.WebhookSecret(webhookId), secret);
        (await _app.InvokeAsync((f, r) => f.PlatformApiAsync(r), HttpMethod.Post, $"/webhook/{webhookId}/deliveries/{failed["id"]!.GetValue<string>()}/redeliver", new JsonObject()))
            .Expect(HttpStatusCode.Accepted);
        await RunAsHostAsync(WebhookDispatcher.DeliveryQueue, (f, m) => f.WebhookDeliveryAsync(m, CancellationToken.None));
        Assert.Equal(200, Assert.Single(_receiver.Received).AnsweredStatus);
    }

    [Fact]
    public async Task Sweep_function_re_enqueues_an_event_left_with_a_marker_by_an_earlier_version()
    {
        var environmentId = await CreateWebhookAsync();
        // An earlier version stored the marker and the event, then died before enqueueing the fan-out.
        var lost = new PlatformEvent(Guid.CreateVersion7(), environmentId, "record:deleted", new JsonObject { ["id"] = "7" },
            DateTimeOffset.UtcNow - EventOutboxSweeper.GracePeriod - TimeSpan.FromSeconds(5));
        await EventOutboxMarkers.WriteAsync(_app.Services.GetRequiredService<IDocumentStore>(), lost);
        await _app.Services.GetRequiredService<StoredEventLog>().PublishAsync(lost);

        await _app.Triggers.EventOutboxSweepAsync(new TimerInfo(), CancellationToken.None);

        await RunAsHostAsync(EventOutbox.FanOutQueue, (f, m) => f.EventFanOutAsync(m, NoWorkflows, CancellationToken.None));
        await RunAsHostAsync(WebhookDispatcher.DeliveryQueue, (f, m) => f.WebhookDeliveryAsync(m, CancellationToken.None));
        var received = Assert.Single(_receiver.Received);
        Assert.Contains("\"event\":\"record:deleted\"", System.Text.Encoding.UTF8.GetString(received.Body), StringComparison.Ordinal);
        Assert.Empty(await _app.Services.GetRequiredService<EventOutbox>().ListPendingAsync(10, CancellationToken.None));
    }

    private async Task<Guid> CreateWebhookAsync()
    {
        var created = (await _app.InvokeAsync((f, r) => f.PlatformApiAsync(r), HttpMethod.Post, "/webhook", new JsonObject { ["target_url"] = _receiver.Url }))
            .Expect(HttpStatusCode.Created);
        return Guid.Parse(created["environment_id"]!.GetValue<string>());
    }

    private Task PublishAsync(Guid environmentId, string eventType, DateTimeOffset createdAt) =>
        _app.Services.GetRequiredService<IEventPublisher>().PublishAsync(
            new PlatformEvent(Guid.CreateVersion7(), environmentId, eventType, new JsonObject { ["id"] = "7" }, createdAt));

    private async Task<JsonNode> DeliveriesAsync(Guid webhookId)
    {
        var page = (await _app.InvokeAsync((f, r) => f.PlatformApiAsync(r), HttpMethod.Get, $"/webhook/{webhookId}/deliveries")).Expect(HttpStatusCode.OK);
        return Assert.Single(page["result"]!.AsArray())!;
    }

    /// <summary>Takes the next message of a queue, runs the function with it and, as the host does after a success, deletes it.</summary>
    private async Task RunAsHostAsync(string queue, Func<global::Serverless.Functions.FunctionApp.Triggers.TriggerFunctions, Azure.Storage.Queues.Models.QueueMessage, Task> function)
    {
        var message = await TakeAsync(queue);
        await function(_app.Triggers, TriggerRunnerTests.AsHostMessage(message));
        await Queue.CompleteAsync(message);
    }

    private async Task<WorkQueueMessage> TakeAsync(string name)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var messages = await Queue.ReceiveAsync(name, 1, TimeSpan.FromMinutes(1));
            if (messages.Count > 0)
            {
                return messages[0];
            }
            Assert.True(DateTime.UtcNow < deadline, $"no message arrived on {name}");
            await Task.Delay(50);
        }
    }
}
