using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Serverless.Functions.Tests.Hosting;
using Serverless.Functions.Tests.Infrastructure;

namespace Serverless.Benchmarks.Scenarios;

/// <summary>
/// Issue 16, the proxy: <c>GET /proxy/contacts</c> (bearer auth from the account's credentials, <c>response_path</c>,
/// the list envelope) against the same upstream as two anchors, in one run: nginx serving 50 JSON records and checking
/// a bearer token (<see cref="NginxServers"/>), nginx's own <c>proxy_pass</c> adding that token, a YARP forwarder adding
/// it (tests/Benchmarks/Anchors/YarpForwarder), and the platform. YARP and the platform are published in Release for
/// this runtime and run as their own processes (the platform with its shipped settings: embedded store, logging at
/// Information). Each target is loaded with <c>wrk -t1</c>, at 64 connections (requests per second) and at 1 (median
/// latency, from which the vendor's own median is subtracted: the latency the proxy adds). Rounds alternate the targets
/// so that machine load hits them alike; medians of the rounds are compared. Goals: the platform's rate at least 0.8×
/// YARP's, and its added latency at most YARP's + 0.15 ms.
/// </summary>
internal static class ProxyThroughputScenario
{
    public const string Name = "proxy";

    public static async Task RunAsync(ScenarioOptions options)
    {
        var rounds = options.Get("rounds", 3);
        var duration = TimeSpan.FromSeconds(options.Get("seconds", 5));
        var work = Directory.CreateTempSubdirectory("bench-proxy-").FullName;
        var vendorToken = "vendor_" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var adminToken = "admin_" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        try
        {
            // Published next to the benchmarks' build output, so that a re-run only publishes what changed.
            var published = Path.Combine(AppContext.BaseDirectory, "published");
            var yarpAssembly = await ReleasePublish.PublishAsync(
                Path.Combine(RepositoryRoot.Path, "tests", "Benchmarks", "Anchors", "YarpForwarder"), Path.Combine(published, "yarp"), "YarpForwarder.dll");
            var platformAssembly = await ReleasePublish.PublishAsync(Path.Combine(RepositoryRoot.Path, "functions"), Path.Combine(published, "platform"), "Serverless.Functions.dll");

            await using var nginx = await NginxServers.StartAsync(Path.Combine(work, "nginx"), vendorToken);
            await using var yarp = await PlatformProcess.StartAsync(yarpAssembly, new Dictionary<string, string>
            {
                ["UPSTREAM_URL"] = nginx.Vendor.ToString(),
                ["UPSTREAM_TOKEN"] = vendorToken,
            });
            await using var platform = await PlatformProcess.StartAsync(platformAssembly, new Dictionary<string, string>
            {
                ["DATA_DIR"] = Path.Combine(work, "data"),
                ["ADMIN_API_TOKEN"] = adminToken,
                ["ALLOW_PRIVATE_NETWORK_TARGETS"] = "true",
                // The shipped default (the published appsettings.json, which also keeps ASP.NET Core's own per-request lines
                // at Warning), which the process harness lowers to Warning for tests.
                ["Logging__LogLevel__Default"] = "Information",
            });
            var (proxyUrl, apiToken) = await SetUpPlatformAsync(platform.Address, adminToken, nginx.Vendor, vendorToken);

            var targets = new Target[]
            {
                new("vendor (nginx, direct)", new Uri(nginx.Vendor, "/contacts"), vendorToken, null),
                new("nginx proxy_pass", new Uri(nginx.Proxy, "/contacts"), null, null),
                new("YARP 2.3.0 forwarder", new Uri(yarp.Address, "/contacts"), null, yarp),
                new("platform /proxy", proxyUrl, apiToken, platform),
            };
            foreach (var target in targets)
            {
                await target.CheckAsync();
            }

            // Warm-up: JIT and tiered re-compilation, connection pools. Long enough for the platform's tiering to settle:
            // after 5 s of load it was still compiling 200-400 methods a second (dotnet-counters), most of its first
            // measured round's CPU; after 15 s, next to none (docs/performance.md). Steady state is what a server serves at.
            foreach (var target in targets.Where(t => t.Process is not null))
            {
                await Wrk.RunAsync(target.Url, 64, TimeSpan.FromSeconds(options.Get("warmup", 15)), target.BearerToken);
            }

            for (var round = 0; round < rounds; round++)
            {
                foreach (var target in targets)
                {
                    await target.MeasureAsync(duration);
                }
            }

            Report(targets, rounds, duration);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void Report(Target[] targets, int rounds, TimeSpan duration)
    {
        var vendor = targets[0];
        var yarp = targets[2];
        var platform = targets[3];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"GET /contacts, {NginxServers.RecordCount} records, wrk -t1, median of {rounds} alternating rounds of {duration.TotalSeconds:0} s per target and load:"));
        Console.WriteLine("  target                    req/s at c=64   p50 at c=1   added p50   server CPU per request");
        foreach (var target in targets)
        {
            var added = target == vendor ? "" : string.Create(CultureInfo.InvariantCulture, $"+{target.MedianMs - vendor.MedianMs:0.000} ms");
            var cpu = target.CpuMsPerRequest is { } ms ? string.Create(CultureInfo.InvariantCulture, $"{ms:0.000} ms") : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {target.Name,-24}  {target.RequestsPerSecond,13:0}   {target.MedianMs,7:0.000} ms   {added,9}   {cpu}"));
        }

        var ratio = platform.RequestsPerSecond / yarp.RequestsPerSecond;
        var platformAdded = platform.MedianMs - vendor.MedianMs;
        var yarpAdded = yarp.MedianMs - vendor.MedianMs;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  throughput: platform {ratio:0.00}x YARP ({ratio * yarp.RequestsPerSecond / targets[1].RequestsPerSecond:0.00}x nginx proxy_pass); goal >= 0.8x: {(ratio >= 0.8 ? "met" : "NOT met")}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  added latency: platform +{platformAdded:0.000} ms vs YARP +{yarpAdded:0.000} ms (difference {platformAdded - yarpAdded:+0.000;-0.000} ms); goal <= +0.15 ms: {(platformAdded - yarpAdded <= 0.15 ? "met" : "NOT met")}"));
    }

    /// <summary>An integration whose list method reads the vendor's records at <c>data</c> with the account's key as bearer token; an account; an environment token.</summary>
    /// <returns>The URL of the proxy call and the token to send.</returns>
    private static async Task<(Uri Url, string Token)> SetUpPlatformAsync(Uri platform, string adminToken, Uri vendor, string vendorToken)
    {
        using var http = new HttpClient { BaseAddress = platform };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        var name = "bench-proxy";
        await IntegrationSetup.InstallAsync(http, name, $$$"""
            {"base_url":"{{{vendor.ToString().TrimEnd('/')}}}",
             "credentials":{"format":"api_key","config":{"fields":[{"name":"api_key","label":"API key","type":"password","required":true}]}},
             "authorization":{"format":"bearer","config":{"token":"{{api_key}}"}},
             "resources":{"contacts":{"list":{"method":"get","path":"/contacts","response_path":"data"} } } }
            """);
        var account = JsonNode.Parse(await InProcessPlatform.SendAsync(http, HttpMethod.Post, "/integrated-account", $$"""
            {"integration_name":"{{name}}","tenant_id":"bench","authentication_method":"api_key","context":{"api_key":"{{vendorToken}}"} }
            """, HttpStatusCode.Created))!["id"]!.GetValue<string>();
        // Applications call with environment tokens (docs/platform-api.md).
        var token = JsonNode.Parse(await InProcessPlatform.SendAsync(http, HttpMethod.Post, "/api-token", """{"name":"bench-proxy"}""", HttpStatusCode.Created))!["token"]!.GetValue<string>();
        return (new Uri(platform, $"/proxy/contacts?integrated_account_id={account}"), token);
    }

    /// <summary>A target and its figures over the rounds.</summary>
    private sealed class Target(string name, Uri url, string? bearerToken, PlatformProcess? process)
    {
        private readonly List<double> _rates = [];
        private readonly List<double> _medians = [];
        private TimeSpan _cpu;
        private double _requests;

        public string Name => name;

        public Uri Url => url;

        public string? BearerToken => bearerToken;

        public PlatformProcess? Process => process;

        public double RequestsPerSecond => new Percentiles(_rates).Median;

        public double MedianMs => new Percentiles(_medians).Median;

        public double? CpuMsPerRequest => process is null ? null : _cpu.TotalMilliseconds / _requests;

        /// <summary>One answer, checked: a 200 with the 50 records (the platform's in its list envelope).</summary>
        public async Task CheckAsync()
        {
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (bearerToken is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
            }

            using var response = await http.SendAsync(request);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            var records = (body["data"] ?? body["result"])?.AsArray().Count;
            if (response.StatusCode != HttpStatusCode.OK || records != NginxServers.RecordCount)
            {
                throw new InvalidOperationException($"{name} answered {(int)response.StatusCode} with {records?.ToString(CultureInfo.InvariantCulture) ?? "no"} records: {body.ToJsonString()[..Math.Min(300, body.ToJsonString().Length)]}");
            }
        }

        public async Task MeasureAsync(TimeSpan duration)
        {
            var cpuBefore = process?.CpuTime ?? TimeSpan.Zero;
            var started = Stopwatch.GetTimestamp();
            var loaded = await Wrk.RunAsync(url, 64, duration, bearerToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (process is not null)
            {
                _cpu += process.CpuTime - cpuBefore;
                _requests += loaded.RequestsPerSecond * elapsed;
            }

            _rates.Add(loaded.RequestsPerSecond);
            _medians.Add((await Wrk.RunAsync(url, 1, duration, bearerToken)).MedianMs);
        }
    }
}
