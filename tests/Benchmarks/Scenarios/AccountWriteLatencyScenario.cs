using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Serverless.Functions.Tests.Infrastructure;

namespace Serverless.Benchmarks.Scenarios;

/// <summary>
/// Issue 16, account writes: 64 concurrent clients creating and updating integrated accounts against the platform
/// started as its own process on a fresh data directory (embedded store, <c>synchronous = FULL</c>). Each client
/// alternates a create (<c>POST /integrated-account</c>) and an update of that account (<c>PATCH</c> of its context,
/// secret included). Prints throughput and latency percentiles per kind; the goal is p99 under 50 ms.
/// </summary>
internal static class AccountWriteLatencyScenario
{
    public const string Name = "account-writes";

    public static async Task RunAsync(ScenarioOptions options)
    {
        var clients = options.Get("clients", 64);
        var duration = TimeSpan.FromSeconds(options.Get("seconds", 15));
        var dataDirectory = Directory.CreateTempSubdirectory("bench-account-writes-").FullName;
        var token = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "0123456789abcdef";
        try
        {
            await using var server = await PlatformProcess.StartAsync(PlatformProcess.PlatformAssembly, new Dictionary<string, string>
            {
                ["DATA_DIR"] = dataDirectory,
                ["ADMIN_API_TOKEN"] = token,
            });
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            {
                BaseAddress = server.Address,
                Timeout = TimeSpan.FromSeconds(30),
            };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var integration = await SetUpIntegrationAsync(http);

            // Warm-up: JIT and tiered re-compilation, connection pool, SQLite page cache.
            await RunClientsAsync(http, integration, clients, TimeSpan.FromSeconds(options.Get("warmup", 10)), new(), new());

            var creates = new ConcurrentBag<double>();
            var updates = new ConcurrentBag<double>();
            var cpuBefore = server.CpuTime;
            var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            await RunClientsAsync(http, integration, clients, duration, creates, updates);
            var elapsed = stopwatch.Elapsed.TotalSeconds;
            var cpu = server.CpuTime - cpuBefore;
            var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore;

            var all = new Percentiles(creates.Concat(updates));
            Console.WriteLine($"account writes, {clients} concurrent clients, {elapsed:0.0} s, embedded store (synchronous=FULL):");
            Console.WriteLine($"  create  {new Percentiles(creates)}");
            Console.WriteLine($"  update  {new Percentiles(updates)}");
            Console.WriteLine($"  all     {all}");
            Console.WriteLine($"  server CPU {cpu.TotalMilliseconds / all.Count:0.00} ms per write ({cpu.TotalSeconds / elapsed:0.00} cores busy); "
                + $"load generator {clientCpu.TotalMilliseconds / all.Count:0.00} ms per write ({clientCpu.TotalSeconds / elapsed:0.00} cores)");
            Console.WriteLine($"  throughput {all.Count / elapsed:0} writes/s; goal p99 < 50 ms: {(all[99] < 50 ? "met" : "NOT met")} ({all[99]:0.0} ms)");
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<string> SetUpIntegrationAsync(HttpClient http)
    {
        var name = "bench-" + Guid.NewGuid().ToString("N")[..8];
        await IntegrationSetup.InstallAsync(http, name, """
            {"base_url":"https://api.acme.example",
             "credentials":{"format":"api_key","config":{"fields":[
               {"name":"api_key","label":"API key","type":"password","required":true},
               {"name":"subdomain","label":"Subdomain","type":"text","required":true,"pattern":"^[a-z0-9-]+$"}]}},
             "authorization":{"format":"bearer","config":{"token":"{{api_key}}"}},
             "resources":{"contacts":{"list":{"method":"get","path":"/contacts","response_path":"data"} } } }
            """);
        return name;
    }

    private static Task RunClientsAsync(HttpClient http, string integration, int clients, TimeSpan duration, ConcurrentBag<double> creates, ConcurrentBag<double> updates)
    {
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        return Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            for (var i = 0; Stopwatch.GetTimestamp() < stopAt; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var created = await SendAsync(http, HttpMethod.Post, "/integrated-account", $$$"""
                    {"integration_name":"{{{integration}}}","tenant_id":"tenant-{{{client}}}-{{{i}}}","authentication_method":"api_key",
                     "context":{"api_key":"sk_live_{{{client}}}_{{{i}}}","subdomain":"acme-{{{client}}}"}}
                    """, HttpStatusCode.Created);
                creates.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                var id = JsonNode.Parse(created)!["id"]!.GetValue<string>();

                started = Stopwatch.GetTimestamp();
                await SendAsync(http, HttpMethod.Patch, "/integrated-account/" + id,
                    $$$"""{"context":{"api_key":"sk_live_{{{client}}}_{{{i}}}_rotated","subdomain":"acme-{{{client}}}-{{{i}}}"}}""", HttpStatusCode.OK);
                updates.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
    }

    private static Task<string> SendAsync(HttpClient http, HttpMethod method, string path, string? json, HttpStatusCode expected) =>
        InProcessPlatform.SendAsync(http, method, path, json, expected);
}
