using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Core.Events;
using Serverless.Core.Http;
using Serverless.Core.Platform;
using Serverless.Core.Storage;
using Serverless.Core.Storage.Embedded;
using Serverless.Core.Triggers;
using Serverless.Core.Webhooks.Outbound;

namespace Serverless.Benchmarks.Webhooks;

/// <summary>
/// Load test of the event pipeline on the embedded store: each operation publishes
/// <see cref="EventsPerOperation"/> events through the outbox, to an environment with
/// <see cref="Webhooks"/> subscribed webhooks on a loopback receiver, and drives the fan-out and delivery
/// queues (as the local pollers do, <see cref="Workers"/> messages at a time) until every delivery has
/// arrived. Events/s = EventsPerOperation / mean; the publish-to-arrival latency percentiles are printed at cleanup.
/// Not run in CI. Run: <c>dotnet run -c Release --project tests/Benchmarks -- --filter *WebhookDeliveryLoad* --inProcess</c>.
/// </summary>
[MemoryDiagnoser]
public class WebhookDeliveryLoadBenchmarks
{
    private readonly ConcurrentBag<double> _latenciesMs = [];
    private readonly ConcurrentDictionary<string, long> _publishedAt = new();
    private string _directory = "";
    private SqliteDatabase? _database;
    private IWorkQueue? _queue;
    private EventOutbox? _outbox;
    private EventFanOutHandler? _fanOut;
    private WebhookDeliveryHandler? _delivery;
    private WebApplication? _receiver;
    private HttpClient? _client;
    private Guid _environmentId;
    private int _arrived;

    [Params(100)]
    public int EventsPerOperation { get; set; }

    [Params(1, 4)]
    public int Webhooks { get; set; }

    [Params(8)]
    public int Workers { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _receiver = builder.Build();
        _receiver.MapPost("/hooks", (HttpContext http) =>
        {
            if (_publishedAt.TryGetValue(http.Request.Headers["webhook-id"].ToString(), out var started))
            {
                _latenciesMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            Interlocked.Increment(ref _arrived);
            return Results.Ok();
        });
        await _receiver.StartAsync();

        _directory = Directory.CreateTempSubdirectory("webhook-load-").FullName;
        _database = new SqliteDatabase(Path.Combine(_directory, "store.db"));
        var store = new SqliteDocumentStore(_database);
        _queue = new SqliteWorkQueue(_database);
        var log = new StoredEventLog(store);
        var webhooks = new WebhookRepository(store, new EncryptedSecretStore(_database, new byte[32]), TimeProvider.System);
        var deliveries = new WebhookDeliveryStore(store);
        var dispatcher = new WebhookDispatcher(webhooks, deliveries, log, _queue, TimeProvider.System);
        _outbox = new EventOutbox(log, store, _queue);
        _fanOut = new EventFanOutHandler(log, _outbox, [dispatcher], NullLogger<EventFanOutHandler>.Instance);
        _client = new OutboundTargetGuard(allowPrivateNetworkTargets: true).CreateClient();
        _delivery = new WebhookDeliveryHandler(webhooks, deliveries, dispatcher, log, new WebhookSender(new WebhookHttpClient(_client), new WebhookDeliveryOptions(), TimeProvider.System), new WebhookDeliveryOptions(), new WorkQueueOptions(),
            TimeProvider.System, NullLogger<WebhookDeliveryHandler>.Instance);

        _environmentId = Guid.CreateVersion7();
        var url = _receiver.Urls.First().TrimEnd('/') + "/hooks";
        for (var i = 0; i < Webhooks; i++)
        {
            var now = DateTimeOffset.UtcNow;
            await webhooks.CreateAsync(new WebhookRecord(SequentialUuid.Next(now), _environmentId, url, [], true, now, now), CancellationToken.None);
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        var sorted = _latenciesMs.Order().ToArray();
        if (sorted.Length > 0)
        {
            Console.WriteLine($"// delivery latency over {sorted.Length} deliveries: p50 {sorted[sorted.Length / 2]:0.0} ms, p95 {sorted[(int)(sorted.Length * 0.95)]:0.0} ms, max {sorted[^1]:0.0} ms");
        }
        _client?.Dispose();
        if (_receiver is not null) await _receiver.DisposeAsync();
        _database?.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    [Benchmark]
    public async Task<int> PublishAndDeliver()
    {
        var target = Volatile.Read(ref _arrived) + EventsPerOperation * Webhooks;
        for (var i = 0; i < EventsPerOperation; i++)
        {
            var platformEvent = new PlatformEvent(Guid.CreateVersion7(), _environmentId, "record:updated", new JsonObject { ["id"] = i }, DateTimeOffset.UtcNow);
            _publishedAt[platformEvent.Id.ToString("D")] = Stopwatch.GetTimestamp();
            await _outbox!.PublishAsync(platformEvent);
        }
        while (Volatile.Read(ref _arrived) < target)
        {
            var handled = await DrainAsync(EventOutbox.FanOutQueue, _fanOut!) + await DrainAsync(WebhookDispatcher.DeliveryQueue, _delivery!);
            if (handled == 0)
            {
                await Task.Delay(1);
            }
        }
        return target;
    }

    private async Task<int> DrainAsync(string name, IQueueTriggerHandler handler)
    {
        var messages = await _queue!.ReceiveAsync(name, Workers, TimeSpan.FromSeconds(30));
        await Parallel.ForEachAsync(messages, async (message, ct) =>
        {
            await handler.HandleAsync(new QueueTriggerContext(name, message.Id, message.Body, message.DequeueCount, message.InsertedAt), ct);
            await _queue.CompleteAsync(message, ct);
        });
        return messages.Count;
    }
}
