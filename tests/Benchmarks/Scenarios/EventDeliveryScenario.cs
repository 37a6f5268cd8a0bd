using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Core.Events;
using Serverless.Core.Platform;
using Serverless.Core.Webhooks.Outbound;
using Serverless.Functions.Hosting;

namespace Serverless.Benchmarks.Scenarios;

/// <summary>
/// Issue 16, events to deliveries (the end-to-end form of <see cref="Webhooks.WebhookDeliveryLoadBenchmarks"/>): the
/// standalone platform as <c>Program.cs</c> composes it (embedded store, <c>synchronous = FULL</c>, its own queue
/// pollers) publishes events through its <see cref="IEventPublisher"/> to one webhook on a loopback receiver that
/// checks every signature. Two runs: as fast as it goes (goal ≥ 2,000 events/s), and a steady 500 events/s with the
/// publish-to-arrival latency of each event (goal p99 under 100 ms).
/// </summary>
internal static class EventDeliveryScenario
{
    public const string Name = "events";

    public static async Task RunAsync(ScenarioOptions options)
    {
        var burst = options.Get("events", 20_000);
        var rate = options.Get("rate", 500);
        var seconds = options.Get("seconds", 10);
        var dataDirectory = Directory.CreateTempSubdirectory("bench-events-").FullName;
        try
        {
            var receiver = new SignedReceiver();
            await using var receiverApp = await receiver.StartAsync();
            await using var platform = await InProcessPlatform.StartAsync(new Dictionary<string, string> { [PlatformSettings.DataDirectory] = dataDirectory });
            var environmentId = Guid.CreateVersion7();
            var now = DateTimeOffset.UtcNow;
            var (_, secret) = await platform.Services.GetRequiredService<WebhookRepository>().CreateAsync(
                new WebhookRecord(SequentialUuid.Next(now), environmentId, receiver.Url, [], true, now, now), CancellationToken.None);
            receiver.Secret = secret;
            var publisher = platform.Services.GetRequiredService<IEventPublisher>();

            // Warm-up.
            await PublishBurstAsync(publisher, receiver, environmentId, options.Get("warmup", 10_000));

            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            await PublishBurstAsync(publisher, receiver, environmentId, burst);
            var burstSeconds = stopwatch.Elapsed.TotalSeconds;
            var burstCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;

            receiver.Latencies.Clear();
            var steady = await PublishSteadyAsync(publisher, receiver, environmentId, rate, TimeSpan.FromSeconds(seconds));

            Console.WriteLine("events to signed deliveries, 1 webhook, embedded store (synchronous=FULL), in-process pollers:");
            Console.WriteLine($"  burst   {burst} events delivered in {burstSeconds:0.00} s = {burst / burstSeconds:0} events/s " +
                $"(process CPU {burstCpu.TotalMilliseconds / burst:0.00} ms per event); goal >= 2,000: {(burst / burstSeconds >= 2000 ? "met" : "NOT met")}");
            Console.WriteLine($"  steady  {rate} events/s for {seconds} s: publish-to-arrival {steady}; goal p99 < 100 ms: {(steady[99] < 100 ? "met" : "NOT met")}");
            Console.WriteLine($"  signatures checked: {receiver.Verified}, bad: {receiver.Rejected}");
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task PublishBurstAsync(IEventPublisher publisher, SignedReceiver receiver, Guid environmentId, int count)
    {
        var target = receiver.Arrived + count;
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                await PublishAsync(publisher, receiver, environmentId);
            }
        })));
        await receiver.WaitForAsync(target);
    }

    private static async Task<Percentiles> PublishSteadyAsync(IEventPublisher publisher, SignedReceiver receiver, Guid environmentId, int rate, TimeSpan duration)
    {
        var count = (int)(rate * duration.TotalSeconds);
        var target = receiver.Arrived + count;
        var start = Stopwatch.GetTimestamp();
        var publishes = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            // Open loop: event i is due at i / rate seconds, whatever happened to the ones before.
            var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            publishes.Add(PublishAsync(publisher, receiver, environmentId));
        }

        await Task.WhenAll(publishes);
        await receiver.WaitForAsync(target);
        return new Percentiles(receiver.Latencies);
    }

    private static Task PublishAsync(IEventPublisher publisher, SignedReceiver receiver, Guid environmentId)
    {
        var now = DateTimeOffset.UtcNow;
        var platformEvent = new PlatformEvent(SequentialUuid.Next(now), environmentId, "record:updated",
            new JsonObject { ["resource"] = "contacts", ["id"] = "42", ["raw"] = new JsonObject { ["name"] = "Ada" } }, now);
        receiver.PublishedAt[platformEvent.Id.ToString("D")] = Stopwatch.GetTimestamp();
        return publisher.PublishAsync(platformEvent);
    }

    /// <summary>The webhook receiver: checks each delivery's Standard Webhooks signature and times its arrival.</summary>
    private sealed class SignedReceiver
    {
        private int _arrived;
        private int _verified;
        private int _rejected;

        public ConcurrentDictionary<string, long> PublishedAt { get; } = new();

        public ConcurrentBag<double> Latencies { get; } = [];

        public string Url { get; private set; } = "";

        public string Secret { get; set; } = "";

        public int Arrived => Volatile.Read(ref _arrived);

        public int Verified => Volatile.Read(ref _verified);

        public int Rejected => Volatile.Read(ref _rejected);

        public async Task<WebApplication> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.MapPost("/hooks", async (HttpContext http) =>
            {
                using var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body);
                var id = http.Request.Headers["webhook-id"].ToString();
                var expected = WebhookSignature.StandardWebhooks(Secret, id, long.Parse(http.Request.Headers["webhook-timestamp"].ToString(), System.Globalization.CultureInfo.InvariantCulture), body.ToArray());
                var valid = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(http.Request.Headers["webhook-signature"].ToString()));
                Interlocked.Increment(ref valid ? ref _verified : ref _rejected);
                // At least once: a repeated delivery of an event is counted once.
                if (PublishedAt.TryRemove(id, out var started))
                {
                    Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Interlocked.Increment(ref _arrived);
                }

                return Results.Ok();
            });
            await app.StartAsync();
            Url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First().TrimEnd('/') + "/hooks";
            return app;
        }

        public async Task WaitForAsync(int target)
        {
            var deadline = Stopwatch.StartNew();
            while (Arrived < target)
            {
                if (deadline.Elapsed > TimeSpan.FromMinutes(5))
                {
                    throw new TimeoutException($"only {Arrived} of {target} deliveries arrived within 5 minutes");
                }

                await Task.Delay(1);
            }
        }
    }
}
