using Xunit;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serverless.Core.Storage;
using Serverless.Core.Storage.Embedded;
using Serverless.Core.Triggers;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Tests.Hosting;

/// <summary>The test plays the Functions host: it POSTs the custom-handler invocation payloads to the server.</summary>
public sealed class AzureModeInvocationTests : IAsyncLifetime
{
    private HostedPlatform _platform = null!;

    private TriggerJournal Journal => _platform.Services.GetRequiredService<TriggerJournal>();

    public async Task InitializeAsync()
    {
        _platform = await HostedPlatform.StartAsync(
            new Dictionary<string, string> { [PlatformSettings.CustomHandlerPort] = "0" },
            services => services
                .AddSingleton<TriggerJournal>()
                .AddQueueTriggerHandler<RecordingQueueHandler>()
                .AddQueueTriggerHandler<FailingQueueHandler>()
                .AddTimerTriggerHandler<EverySecondTimerHandler>());
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public void Listens_on_loopback_only_when_the_host_gives_a_port()
    {
        Assert.Equal("127.0.0.1", _platform.Address.Host);
    }

    [Fact]
    public async Task Queue_invocation_reaches_the_handler_and_answers_the_host_shape()
    {
        const string payload = """
            {
              "Data": { "message": "{\"event_id\":\"e-1\"}" },
              "Metadata": {
                "DequeueCount": 2,
                "Id": "5c8e7b7a-0d1f-4f53-9d8e-1c1f3f0c2a11",
                "PopReceipt": "AgAAAAMAAAAAAAAA",
                "InsertionTime": "2026-11-22T06:00:00+00:00",
                "ExpirationTime": "2026-11-29T06:00:00+00:00",
                "NextVisibleTime": "2026-11-22T06:00:30+00:00",
                "sys": { "MethodName": "RecordWork", "UtcNow": "2026-11-22T06:00:01Z", "RandGuid": "0f4c1f1e-6a64-4d69-8d8b-3bd2b7b8c0a4" }
              }
            }
            """;

        using var response = await PostAsHostAsync("/RecordWork", payload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("Outputs").ValueKind);
        Assert.Equal(0, body.RootElement.GetProperty("Logs").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("ReturnValue").ValueKind);

        var delivery = Assert.Single(Journal.QueueDeliveries);
        Assert.Equal("""{"event_id":"e-1"}""", delivery.MessageText);
        Assert.Equal("5c8e7b7a-0d1f-4f53-9d8e-1c1f3f0c2a11", delivery.MessageId);
        Assert.Equal(2, delivery.DequeueCount);
        Assert.Equal(RecordingQueueHandler.Queue, delivery.QueueName);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.Zero), delivery.InsertionTime);
    }

    [Fact]
    public async Task Metadata_encoded_as_json_strings_is_read_too()
    {
        const string payload = """
            {"Data":{"message":"plain text"},"Metadata":{"DequeueCount":"1","Id":"\"abc-123\"","InsertionTime":"\"2026-11-22T06:00:00Z\""}}
            """;

        using var response = await PostAsHostAsync("/RecordWork", payload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var delivery = Assert.Single(Journal.QueueDeliveries);
        Assert.Equal(("plain text", "abc-123", 1), (delivery.MessageText, delivery.MessageId, delivery.DequeueCount));
    }

    [Fact]
    public async Task Large_body_stored_as_a_blob_reaches_the_handler_whole_and_its_blob_is_deleted_after_success()
    {
        var body = "{\"records\":\"" + new string('r', 100_000) + "\"}";
        await _platform.Services.GetRequiredService<IWorkQueue>().EnqueueAsync(RecordingQueueHandler.Queue, body);
        // What the host would read from the queue: the raw text, a reference to the blob.
        var raw = Assert.Single(await _platform.Services.GetRequiredService<SqliteWorkQueue>().ReceiveAsync(RecordingQueueHandler.Queue, 1, TimeSpan.FromSeconds(30)));
        Assert.True(BlobBackedWorkQueue.IsReference(raw.Body));
        var payload = JsonSerializer.Serialize(new
        {
            Data = new { message = raw.Body },
            Metadata = new { DequeueCount = raw.DequeueCount, raw.Id, raw.PopReceipt, InsertionTime = raw.InsertedAt },
        });

        using var response = await PostAsHostAsync("/RecordWork", payload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, Assert.Single(Journal.QueueDeliveries).MessageText);
        var largeBodies = Assert.IsType<BlobBackedWorkQueue>(_platform.Services.GetRequiredService<IWorkQueue>());
        Assert.Null(await largeBodies.ResolveAsync(raw));
    }

    [Fact]
    public async Task Body_whose_blob_is_gone_fails_the_invocation_without_running_the_handler()
    {
        var body = new string('x', 100_000);
        await _platform.Services.GetRequiredService<IWorkQueue>().EnqueueAsync(RecordingQueueHandler.Queue, body);
        var raw = Assert.Single(await _platform.Services.GetRequiredService<SqliteWorkQueue>().ReceiveAsync(RecordingQueueHandler.Queue, 1, TimeSpan.FromSeconds(30)));
        await Assert.IsType<BlobBackedWorkQueue>(_platform.Services.GetRequiredService<IWorkQueue>()).DeleteBodyAsync(raw.Body);
        var payload = JsonSerializer.Serialize(new { Data = new { message = raw.Body }, Metadata = new { DequeueCount = 1, raw.Id } });

        using var response = await PostAsHostAsync("/RecordWork", payload);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Empty(Journal.QueueDeliveries);
    }

    [Fact]
    public async Task Failing_handler_answers_non_2xx_without_leaking_the_exception_message()
    {
        const string payload = """{"Data":{"message":"x"},"Metadata":{"DequeueCount":1,"Id":"m-1"}}""";

        using var response = await PostAsHostAsync("/DoomedWork", payload);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Contains("DoomedWork failed", text, StringComparison.Ordinal);
        Assert.Single(Journal.QueueDeliveries);
    }

    [Fact]
    public async Task Timer_invocation_reaches_the_timer_handler()
    {
        const string payload = """
            {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"2026-11-22T05:59:59+00:00","Next":"2026-11-22T06:00:01+00:00","LastUpdated":"2026-11-22T05:59:59+00:00"},"IsPastDue":true}},
             "Metadata":{"sys":{"MethodName":"Heartbeat","UtcNow":"2026-11-22T06:00:00Z","RandGuid":"6f0b7e1e-2d7c-4c55-a7a5-2b0a8d1b9c10"}}}
            """;

        using var response = await PostAsHostAsync("/Heartbeat", payload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var firing = Assert.Single(Journal.TimerFirings);
        Assert.True(firing.IsPastDue);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 5, 59, 59, TimeSpan.Zero), firing.LastFiredAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 6, 0, 1, TimeSpan.Zero), firing.NextFiringAt);
    }

    [Fact]
    public async Task Timers_do_not_fire_by_themselves_under_the_host()
    {
        // Under the Functions host the host owns the schedule; a local timer would double every firing.
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.Empty(Journal.TimerFirings);
        Assert.DoesNotContain(_platform.Services.GetServices<IHostedService>(), s => s.GetType().Name is "QueuePollingService" or "TimerService");
    }

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.9")]
    [InlineData("X-Original-URL", "/RecordWork")]
    [InlineData("X-ARR-LOG-ID", "0b7d4c3e")]
    public async Task Request_forwarded_from_the_internet_never_reaches_a_trigger(string header, string value)
    {
        const string payload = """{"Data":{"message":"forged"},"Metadata":{"DequeueCount":1,"Id":"m-1"}}""";
        using var request = HostRequest("/RecordWork", payload);
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await _platform.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(Journal.QueueDeliveries);
    }

    [Fact]
    public async Task Request_without_the_host_invocation_id_never_reaches_a_trigger()
    {
        using var response = await _platform.Client.PostAsync(
            "/RecordWork", new StringContent("""{"Data":{"message":"forged"},"Metadata":{"Id":"m"}}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(Journal.QueueDeliveries);
    }

    [Theory]
    [InlineData("""not json""", "Invalid invocation payload")]
    [InlineData("""{"Metadata":{"Id":"m"}}""", "$.Data")]
    [InlineData("""{"Data":{"message":"x"},"Metadata":{}}""", "$.Metadata.Id")]
    public async Task Malformed_invocation_is_a_400_naming_the_problem(string payload, string expected)
    {
        using var response = await PostAsHostAsync("/RecordWork", payload);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(Journal.QueueDeliveries);
    }

    [Fact]
    public async Task Timer_payload_that_is_not_timer_json_is_a_400()
    {
        using var response = await PostAsHostAsync("/Heartbeat", """{"Data":{"timer":"{not json"},"Metadata":{}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("$.Data.timer", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(Journal.TimerFirings);
    }

    [Fact]
    public async Task Unregistered_function_name_is_not_found()
    {
        using var response = await PostAsHostAsync("/NoSuchFunction", """{"Data":{"message":"x"},"Metadata":{"Id":"m"}}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsHostAsync(string path, string payload) =>
        _platform.Client.SendAsync(HostRequest(path, payload));

    // What the Functions host sends (DefaultHttpWorkerService): its version, the invocation id, its user agent.
    private static HttpRequestMessage HostRequest(string path, string payload)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Azure-Functions-HostVersion", "4.1040.300.0");
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        request.Headers.UserAgent.ParseAdd("Azure-Functions-Host/4.1040.300.0");
        return request;
    }
}
