using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Events;
using Serverless.Core.Platform;
using Serverless.Core.Storage;
using Serverless.Core.Webhooks.Outbound;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.Webhooks.Outbound;

/// <summary>
/// Under the Functions host no local poller runs: the test plays the host, taking each message from the
/// queue and POSTing the custom-handler payload <c>{Data, Metadata}</c> to <c>/EventFanOut</c> and
/// <c>/WebhookDelivery</c>, as the queueTrigger bindings of their function folders would.
/// </summary>
public sealed class FunctionsHostInvocationTests
{
    [Fact]
    public async Task Host_invocations_of_fan_out_and_delivery_carry_an_event_to_the_receiver()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        await using var platform = await PlatformServer.StartAsync(
            settings: new Dictionary<string, string?> { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "0" },
            configureServices: services => services.AddSingleton(new WebhookDeliveryOptions { InitialRetryDelay = TimeSpan.Zero }));
        var created = (await platform.Client.PostJsonAsync("/webhook", new JsonObject { ["target_url"] = receiver.Url })).Expect(HttpStatusCode.Created);
        var environmentId = Guid.Parse(created["environment_id"]!.GetValue<string>());
        var queue = platform.Services.GetRequiredService<IWorkQueue>();
        receiver.FailNext(1, 502);

        await platform.Services.GetRequiredService<IEventPublisher>().PublishAsync(
            new PlatformEvent(Guid.CreateVersion7(), environmentId, "record:updated", new JsonObject { ["id"] = "7" }, DateTimeOffset.UtcNow));

        await InvokeAsHostAsync(platform, "EventFanOut", await TakeAsync(queue, EventOutbox.FanOutQueue));
        Assert.Empty(receiver.Received);

        // First attempt: the receiver answers 502, so the handler queues attempt 2 and the invocation still succeeds.
        await InvokeAsHostAsync(platform, "WebhookDelivery", await TakeAsync(queue, WebhookDispatcher.DeliveryQueue));
        Assert.Equal(502, Assert.Single(receiver.Received).AnsweredStatus);

        var retry = await TakeAsync(queue, WebhookDispatcher.DeliveryQueue);
        await InvokeAsHostAsync(platform, "WebhookDelivery", retry);
        // The host may deliver a message twice: the repeated attempt is recognised and sends nothing.
        await InvokeAsHostAsync(platform, "WebhookDelivery", retry with { DequeueCount = 2 });

        Assert.Equal([502, 200], receiver.Received.Select(r => r.AnsweredStatus));
        Assert.Empty(await queue.ReceiveAsync(WebhookDispatcher.DeliveryQueue, 32, TimeSpan.FromSeconds(1)));
        Assert.Empty(await queue.ReceiveAsync(EventOutbox.FanOutQueue, 32, TimeSpan.FromSeconds(1)));
        Assert.Empty(await platform.Services.GetRequiredService<EventOutbox>().ListPendingAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task Delivery_whose_handler_fails_on_the_last_try_before_poison_is_recorded_as_failed_and_redeliverable()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        await using var platform = await PlatformServer.StartAsync(settings: new Dictionary<string, string?> { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "0" });
        var created = (await platform.Client.PostJsonAsync("/webhook", new JsonObject { ["target_url"] = receiver.Url })).Expect(HttpStatusCode.Created);
        var webhookId = Guid.Parse(created["id"]!.GetValue<string>());
        var queue = platform.Services.GetRequiredService<IWorkQueue>();
        var secrets = platform.Services.GetRequiredService<ISecretStore>();
        var maxTries = platform.Services.GetRequiredService<WorkQueueOptions>().MaxDequeueCount;

        await platform.Services.GetRequiredService<IEventPublisher>().PublishAsync(
            new PlatformEvent(Guid.CreateVersion7(), Guid.Parse(created["environment_id"]!.GetValue<string>()), "record:created", new JsonObject { ["id"] = "9" }, DateTimeOffset.UtcNow));
        await InvokeAsHostAsync(platform, "EventFanOut", await TakeAsync(queue, EventOutbox.FanOutQueue));
        var delivery = await TakeAsync(queue, WebhookDispatcher.DeliveryQueue);

        // The signing secret is unreadable, so every try throws (an internal fault, not a receiver failure).
        var secret = created["secret"]!.GetValue<string>();
        await secrets.DeleteAsync(SecretNames.WebhookSecret(webhookId));
        Assert.NotEqual(HttpStatusCode.OK, await InvokeStatusAsync(platform, "WebhookDelivery", delivery with { DequeueCount = maxTries - 1 }));
        var pending = Assert.Single((await platform.Client.GetJsonAsync($"/webhook/{webhookId}/deliveries")).Expect(HttpStatusCode.OK)["result"]!.AsArray());
        Assert.Equal("pending", pending!["status"]!.GetValue<string>());

        Assert.NotEqual(HttpStatusCode.OK, await InvokeStatusAsync(platform, "WebhookDelivery", delivery with { DequeueCount = maxTries }));
        var failed = Assert.Single((await platform.Client.GetJsonAsync($"/webhook/{webhookId}/deliveries")).Expect(HttpStatusCode.OK)["result"]!.AsArray());
        Assert.Equal("failed", failed!["status"]!.GetValue<string>());
        Assert.Contains("internal error", failed["attempts"]![0]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(receiver.Received);

        // Once the fault is repaired, the failed delivery can be sent again.
        await secrets.SetAsync(SecretNames.WebhookSecret(webhookId), secret);
        (await platform.Client.PostJsonAsync($"/webhook/{webhookId}/deliveries/{failed["id"]!.GetValue<string>()}/redeliver", new JsonObject())).Expect(HttpStatusCode.Accepted);
        await InvokeAsHostAsync(platform, "WebhookDelivery", await TakeAsync(queue, WebhookDispatcher.DeliveryQueue));
        Assert.Equal(200, Assert.Single(receiver.Received).AnsweredStatus);
    }

    private static async Task<QueueMessage> TakeAsync(IWorkQueue queue, string name)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var messages = await queue.ReceiveAsync(name, 1, TimeSpan.FromMinutes(1));
            if (messages.Count > 0)
            {
                return messages[0];
            }
            Assert.True(DateTime.UtcNow < deadline, $"no message arrived on {name}");
            await Task.Delay(50);
        }
    }

    private static async Task InvokeAsHostAsync(PlatformServer platform, string function, QueueMessage message)
    {
        using var response = await SendAsHostAsync(platform, function, message);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{function} answered {(int)response.StatusCode}: {text}");
        Assert.Equal("null", JsonNode.Parse(text)!["ReturnValue"]?.ToJsonString() ?? "null");
    }

    private static async Task<HttpStatusCode> InvokeStatusAsync(PlatformServer platform, string function, QueueMessage message)
    {
        using var response = await SendAsHostAsync(platform, function, message);
        return response.StatusCode;
    }

    private static async Task<HttpResponseMessage> SendAsHostAsync(PlatformServer platform, string function, QueueMessage message)
    {
        var payload = new JsonObject
        {
            ["Data"] = new JsonObject { ["message"] = message.Body },
            ["Metadata"] = new JsonObject
            {
                ["DequeueCount"] = message.DequeueCount,
                ["Id"] = message.Id,
                ["PopReceipt"] = message.PopReceipt,
                ["InsertionTime"] = message.InsertedAt.ToString("O"),
                ["sys"] = new JsonObject { ["MethodName"] = function, ["UtcNow"] = DateTimeOffset.UtcNow.ToString("O") },
            },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/" + function) { Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        request.Headers.Add("X-Azure-Functions-HostVersion", "4.1040.300.0");
        return await platform.CreateClient(null).SendAsync(request);
    }
}
