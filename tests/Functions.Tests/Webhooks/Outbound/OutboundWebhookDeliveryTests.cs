using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Events;
using Serverless.Core.Platform;
using Serverless.Core.Webhooks.Outbound;
using Serverless.Functions.Tests.Api;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.Webhooks.Outbound;

/// <summary>Events published by the platform reach a real receiver, signed, at least once, through the outbox and the local queue pollers.</summary>
public sealed class OutboundWebhookDeliveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly WebhookDeliveryOptions FastRetries = new()
    {
        MaxAttempts = 4,
        InitialRetryDelay = TimeSpan.FromMilliseconds(200),
        MaxRetryDelay = TimeSpan.FromSeconds(1),
        RequestTimeout = TimeSpan.FromSeconds(2),
    };

    private readonly WebhookReceiver _receiver = new();

    public Task InitializeAsync() => _receiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Integrated_account_created_through_the_api_is_delivered_with_valid_signatures_and_no_secrets()
    {
        await using var platform = await StartAsync();
        var (webhookId, secret) = await CreateWebhookAsync(platform, _receiver.Url, "integrated_account:created");
        var (integration, _) = await TestData.InstallAsync(platform.Client, platform.Client);
        var account = await TestData.CreateAccountAsync(platform.Client, integration["name"]!.GetValue<string>(), "very-secret-api-key");

        var delivered = Assert.Single(await _receiver.WaitForSuccessesAsync(1, Patience));

        Assert.Null(StandardWebhooksVerifier.Verify(secret, delivered, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow));
        Assert.Null(StandardWebhooksVerifier.VerifyTruto(secret, delivered));
        var body = JsonNode.Parse(delivered.Body)!;
        Assert.Equal("integrated_account:created", body["event"]!.GetValue<string>());
        Assert.Equal("integrated_account:created", body["event_type"]!.GetValue<string>());
        Assert.Equal(webhookId.ToString(), body["webhook_id"]!.GetValue<string>());
        Assert.Equal(delivered.Headers["webhook-id"], body["id"]!.GetValue<string>());
        Assert.Equal(account["environment_id"]!.GetValue<string>(), body["environment_id"]!.GetValue<string>());
        Assert.NotNull(body["created_at"]);
        Assert.NotNull(body["payload"]);
        Assert.Equal("application/json", delivered.Headers["content-type"].Split(';')[0]);
        var text = System.Text.Encoding.UTF8.GetString(delivered.Body);
        Assert.DoesNotContain("very-secret-api-key", text);
        Assert.DoesNotContain(secret, text);

        // A tampered body or a wrong secret fails the independent check: it is not vacuous.
        Assert.NotNull(StandardWebhooksVerifier.Verify(secret, delivered with { Body = [.. delivered.Body, (byte)' '] }, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow));
        Assert.NotNull(StandardWebhooksVerifier.Verify(Guid.NewGuid().ToString(), delivered, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow));

        var deliveries = await WaitForDeliveriesAsync(platform, webhookId, d => d["status"]!.GetValue<string>() == "succeeded");
        var record = Assert.Single(deliveries);
        Assert.Equal(200, Assert.Single(record["attempts"]!.AsArray())!["status_code"]!.GetValue<int>());
        Assert.DoesNotContain(secret, platform.Logs.AllText);
    }

    [Fact]
    public async Task Webhook_receives_only_subscribed_types_and_inactive_webhooks_receive_nothing()
    {
        await using var platform = await StartAsync();
        var (subscribed, _) = await CreateWebhookAsync(platform, _receiver.Url, "record:created");
        await using var other = new WebhookReceiver();
        await other.StartAsync();
        var (inactive, _) = await CreateWebhookAsync(platform, other.Url, null, isActive: false);
        var environmentId = await EnvironmentIdAsync(platform);
        var publisher = platform.Services.GetRequiredService<IEventPublisher>();

        await publisher.PublishAsync(NewEvent(environmentId, "record:updated"));
        await publisher.PublishAsync(NewEvent(environmentId, "record:created"));

        var delivered = Assert.Single(await _receiver.WaitForSuccessesAsync(1, Patience));
        Assert.Equal("record:created", JsonNode.Parse(delivered.Body)!["event"]!.GetValue<string>());
        await Task.Delay(500);
        Assert.Single(_receiver.Received);
        Assert.Empty(other.Received);
        Assert.Empty((await platform.Client.GetJsonAsync($"/webhook/{inactive}/deliveries")).Expect(HttpStatusCode.OK)["result"]!.AsArray());
        Assert.Single((await platform.Client.GetJsonAsync($"/webhook/{subscribed}/deliveries")).Expect(HttpStatusCode.OK)["result"]!.AsArray());
    }

    [Fact]
    public async Task Receiver_answering_500_for_a_while_gets_the_event_once_it_recovers_and_each_attempt_is_recorded()
    {
        await using var platform = await StartAsync();
        var (webhookId, secret) = await CreateWebhookAsync(platform, _receiver.Url, null);
        _receiver.FailNext(2, 500);

        await platform.Services.GetRequiredService<IEventPublisher>().PublishAsync(NewEvent(await EnvironmentIdAsync(platform), "sync_job_run:completed"));

        var delivered = Assert.Single(await _receiver.WaitForSuccessesAsync(1, Patience));
        Assert.Null(StandardWebhooksVerifier.Verify(secret, delivered, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow));
        Assert.Equal(3, _receiver.Received.Count);
        Assert.Single(_receiver.Received.Select(r => r.Headers["webhook-id"]).Distinct());

        var record = Assert.Single(await WaitForDeliveriesAsync(platform, webhookId, d => d["status"]!.GetValue<string>() == "succeeded"));
        Assert.Equal([500, 500, 200], record["attempts"]!.AsArray().Select(a => a!["status_code"]!.GetValue<int>()));
        Assert.Equal([1, 2, 3], record["attempts"]!.AsArray().Select(a => a!["attempt"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Receiver_too_slow_to_answer_times_out_and_gets_the_event_once_it_is_fast_again()
    {
        await using var platform = await StartAsync(options: FastRetries with { RequestTimeout = TimeSpan.FromMilliseconds(500) });
        var (webhookId, secret) = await CreateWebhookAsync(platform, _receiver.Url, null);
        _receiver.SlowNext(2, TimeSpan.FromSeconds(5));

        await platform.Services.GetRequiredService<IEventPublisher>().PublishAsync(NewEvent(await EnvironmentIdAsync(platform), "record:updated"));

        var delivered = Assert.Single(await _receiver.WaitForSuccessesAsync(1, Patience));
        Assert.Null(StandardWebhooksVerifier.Verify(secret, delivered, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow));
        var record = Assert.Single(await WaitForDeliveriesAsync(platform, webhookId, d => d["status"]!.GetValue<string>() == "succeeded"));
        var attempts = record["attempts"]!.AsArray();
        Assert.Equal(3, attempts.Count);
        Assert.All(attempts.Take(2), a => Assert.Contains("timed out", a!["error"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Equal(200, attempts[2]!["status_code"]!.GetValue<int>());
    }

    [Fact]
    public Task Event_published_while_the_receiver_is_down_arrives_after_a_platform_restart_between_attempts() =>
        AssertDeliveredAcrossRestartAsync(_receiver, settings: null, Patience);

    /// <summary>The receiver is down for the first attempt; the platform restarts on the same storage; the event then arrives, signed.</summary>
    internal static async Task AssertDeliveredAcrossRestartAsync(WebhookReceiver receiver, IReadOnlyDictionary<string, string?>? settings, TimeSpan patience)
    {
        // Enough attempts that a slow shutdown on a loaded machine cannot exhaust them before the receiver is back.
        var options = FastRetries with { InitialRetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromSeconds(2), MaxAttempts = 30 };
        var dataDirectory = Directory.CreateTempSubdirectory("webhook-restart-").FullName;
        try
        {
            Guid webhookId;
            string secret;
            var eventId = Guid.CreateVersion7();
            await using (var first = await StartAsync(dataDirectory, options, settings))
            {
                (webhookId, secret) = await CreateWebhookAsync(first, receiver.Url, null);
                await receiver.StopAsync();
                await first.Services.GetRequiredService<IEventPublisher>().PublishAsync(NewEvent(await EnvironmentIdAsync(first), "record:deleted", eventId));
                var failed = Assert.Single(await WaitForDeliveriesAsync(first, webhookId, d => d["attempts"]!.AsArray().Count >= 1, patience: patience));
                Assert.Null(failed["attempts"]![0]!["status_code"]);
                Assert.False(string.IsNullOrEmpty(failed["attempts"]![0]!["error"]!.GetValue<string>()));
            }

            await receiver.StartAsync();
            await using var second = await StartAsync(dataDirectory, options, settings);
            var delivered = Assert.Single(await receiver.WaitForSuccessesAsync(1, patience));
            Assert.Equal(eventId.ToString(), delivered.Headers["webhook-id"]);
            Assert.Null(StandardWebhooksVerifier.Verify(secret, delivered, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow));
            var record = Assert.Single(await WaitForDeliveriesAsync(second, webhookId, d => d["status"]!.GetValue<string>() == "succeeded", patience: patience));
            Assert.True(record["attempts"]!.AsArray().Count >= 2);
        }
        finally
        {
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task Delivery_failing_every_attempt_is_kept_as_failed_and_can_be_redelivered()
    {
        await using var platform = await StartAsync(options: FastRetries with { MaxAttempts = 3 });
        var (webhookId, secret) = await CreateWebhookAsync(platform, _receiver.Url, null);
        _receiver.FailNext(3, 503);
        await platform.Services.GetRequiredService<IEventPublisher>().PublishAsync(NewEvent(await EnvironmentIdAsync(platform), "record:created"));

        var failed = Assert.Single(await WaitForDeliveriesAsync(platform, webhookId, d => d["status"]!.GetValue<string>() == "failed"));
        Assert.Equal([503, 503, 503], failed["attempts"]!.AsArray().Select(a => a!["status_code"]!.GetValue<int>()));
        var failedId = failed["id"]!.GetValue<string>();

        var redelivery = (await platform.Client.PostJsonAsync($"/webhook/{webhookId}/deliveries/{failedId}/redeliver", new JsonObject())).Expect(HttpStatusCode.Accepted);
        Assert.Equal(failedId, redelivery["redelivery_of"]!.GetValue<string>());

        var delivered = Assert.Single(await _receiver.WaitForSuccessesAsync(1, Patience));
        Assert.Null(StandardWebhooksVerifier.Verify(secret, delivered, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow));
        Assert.Equal(failed["event_id"]!.GetValue<string>(), delivered.Headers["webhook-id"]);
        var all = await WaitForDeliveriesAsync(platform, webhookId, d => d["status"]!.GetValue<string>() == "succeeded", expected: 2);
        Assert.Equal(["failed", "succeeded"], all.Select(d => d["status"]!.GetValue<string>()));

        // Only finished deliveries of this environment's webhooks can be redelivered.
        (await platform.Client.PostJsonAsync($"/webhook/{webhookId}/deliveries/{Guid.NewGuid()}/redeliver", new JsonObject())).ExpectError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Test_endpoint_sends_event_test_to_the_webhook_even_when_it_subscribes_to_other_types()
    {
        await using var platform = await StartAsync();
        var (webhookId, secret) = await CreateWebhookAsync(platform, _receiver.Url, "record:created");

        var accepted = (await platform.Client.PostJsonAsync("/webhook/test", new JsonObject { ["id"] = webhookId.ToString() })).Expect(HttpStatusCode.Accepted);
        Assert.Equal("test", accepted["event_type"]!.GetValue<string>());

        var delivered = Assert.Single(await _receiver.WaitForSuccessesAsync(1, Patience));
        Assert.Null(StandardWebhooksVerifier.Verify(secret, delivered, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow));
        Assert.Equal("test", JsonNode.Parse(delivered.Body)!["event"]!.GetValue<string>());

        Assert.Contains("$.id", (await platform.Client.PostJsonAsync("/webhook/test", new JsonObject())).ExpectError(HttpStatusCode.BadRequest));
        (await platform.Client.PostJsonAsync("/webhook/test", new JsonObject { ["id"] = Guid.NewGuid().ToString() })).ExpectError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Webhook_failing_continuously_for_the_deactivation_period_is_deactivated()
    {
        await using var platform = await StartAsync(options: FastRetries with { MaxAttempts = 50, MaxRetryDelay = TimeSpan.FromMilliseconds(300), DeactivateAfter = TimeSpan.FromSeconds(1.5) });
        var (webhookId, _) = await CreateWebhookAsync(platform, _receiver.Url, null);
        _receiver.FailNext(1000, 500);
        await platform.Services.GetRequiredService<IEventPublisher>().PublishAsync(NewEvent(await EnvironmentIdAsync(platform), "record:created"));

        var deadline = DateTime.UtcNow + Patience;
        JsonNode webhook;
        do
        {
            await Task.Delay(200);
            webhook = (await platform.Client.GetJsonAsync($"/webhook/{webhookId}")).Expect(HttpStatusCode.OK);
        }
        while (webhook["is_active"]!.GetValue<bool>() && DateTime.UtcNow < deadline);

        Assert.False(webhook["is_active"]!.GetValue<bool>());
        var attemptsAtDeactivation = _receiver.Received.Count;
        Assert.True(attemptsAtDeactivation >= 2, $"deactivated after {attemptsAtDeactivation} attempts, before failing for the whole period");
        await Task.Delay(800);
        Assert.Equal(attemptsAtDeactivation, _receiver.Received.Count);
        var ended = Assert.Single(await WaitForDeliveriesAsync(platform, webhookId, d => d["status"]!.GetValue<string>() == "failed"));
        Assert.Equal(attemptsAtDeactivation, ended["attempts"]!.AsArray().Count);
    }

    [Fact]
    public async Task Private_network_target_is_refused_unless_allowed()
    {
        await using var platform = await StartAsync(settings: new Dictionary<string, string?> { ["ALLOW_PRIVATE_NETWORK_TARGETS"] = "false" }, options: FastRetries with { MaxAttempts = 1 });
        // Stored directly: the API itself refuses private targets when they are not allowed.
        var environmentId = await EnvironmentIdAsync(platform);
        var now = DateTimeOffset.UtcNow;
        var record = new WebhookRecord(Guid.CreateVersion7(), environmentId, _receiver.Url, [], true, now, now);
        await platform.Services.GetRequiredService<WebhookRepository>().CreateAsync(record, CancellationToken.None);

        await platform.Services.GetRequiredService<IEventPublisher>().PublishAsync(NewEvent(environmentId, "record:created"));

        var failed = Assert.Single(await WaitForDeliveriesAsync(platform, record.Id, d => d["status"]!.GetValue<string>() == "failed"));
        Assert.Contains("private", failed["attempts"]![0]!["error"]!.GetValue<string>());
        Assert.Empty(_receiver.Received);
    }

    private static Task<PlatformServer> StartAsync(string? dataDirectory = null, WebhookDeliveryOptions? options = null, IReadOnlyDictionary<string, string?>? settings = null) =>
        PlatformServer.StartAsync(dataDirectory, settings: settings, configureServices: services => services.AddSingleton(options ?? FastRetries));

    private static PlatformEvent NewEvent(Guid environmentId, string eventType, Guid? id = null) =>
        new(id ?? Guid.CreateVersion7(), environmentId, eventType, new JsonObject { ["resource"] = "crm/contacts", ["id"] = "42" }, DateTimeOffset.UtcNow);

    private static async Task<Guid> EnvironmentIdAsync(PlatformServer platform)
    {
        var environments = (await platform.Client.GetJsonAsync("/environment")).Expect(HttpStatusCode.OK)["result"]!.AsArray();
        return Guid.Parse(environments.Single(e => e!["name"]!.GetValue<string>() == "default")!["id"]!.GetValue<string>());
    }

    private static async Task<(Guid Id, string Secret)> CreateWebhookAsync(PlatformServer platform, string url, string? eventType, bool isActive = true)
    {
        var body = new JsonObject { ["target_url"] = url, ["is_active"] = isActive };
        if (eventType is not null)
        {
            body["event_types"] = new JsonArray(eventType);
        }
        var created = (await platform.Client.PostJsonAsync("/webhook", body)).Expect(HttpStatusCode.Created);
        return (Guid.Parse(created["id"]!.GetValue<string>()), created["secret"]!.GetValue<string>());
    }

    private static async Task<IReadOnlyList<JsonNode>> WaitForDeliveriesAsync(PlatformServer platform, Guid webhookId, Func<JsonNode, bool> done, int expected = 1, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? Patience);
        while (true)
        {
            var list = (await platform.Client.GetJsonAsync($"/webhook/{webhookId}/deliveries")).Expect(HttpStatusCode.OK)["result"]!.AsArray().Select(d => d!).ToList();
            if ((list.Count == expected && list.Any(done)) || DateTime.UtcNow > deadline)
            {
                Assert.True(list.Count == expected && list.Any(done), $"deliveries never reached the expected state: {new JsonArray([.. list.Select(d => d.DeepClone())])}");
                return list;
            }
            await Task.Delay(100);
        }
    }
}
