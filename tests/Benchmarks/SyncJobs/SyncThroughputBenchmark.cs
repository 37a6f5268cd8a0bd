using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Serverless.Storage.Tests.Azure;

namespace Serverless.Benchmarks.SyncJobs;

/// <summary>
/// Records per second from a loopback vendor (pages of 100) to a loopback receiver: a bare C# loop that fetches a page,
/// wraps its records, signs and POSTs them, waiting for the 200, side by side with a sync job run of the platform server
/// (started standalone as its own process, on SQLite and on Azurite), and the server's resident memory (VmRSS, sampled
/// every 25 ms) over 10k and 1M records. The bare loop runs both as its own process (like the server, every exchange
/// crosses a process boundary) and inside this process, next to the vendor and the receiver (no boundary at all), each
/// right before and right after each platform run, so that the ratios compare them under the same load of the shared
/// machine. Both sides are warmed up alike first, in each process (the loop in each of its processes, sync runs on each
/// server): untimed rounds of <see cref="WarmUpRecords"/> for at least <c>--warm-up-seconds</c> (default
/// <see cref="DefaultWarmUpSeconds"/>), then one untimed round of the timed size, then a wait until the process is quiet
/// (the JIT's backlog compiled). Not a BenchmarkDotNet case: one run is one long end-to-end measurement.
/// Run: <c>dotnet run -c Release --project tests/Benchmarks -- sync [records...] [--backend sqlite|azure|both] [--warm-up-seconds S] [--server-env NAME=VALUE]</c>.
/// </summary>
public static class SyncThroughputBenchmark
{
    private const int PageSize = 100;
    private const int WarmUpRecords = 10_000;

    // Until the JIT has settled: tiered compilation with dynamic PGO takes a method through tier 0, an instrumented tier
    // and tier 1, each step after some calls and in the background, so a process reaches its steady code only after
    // seconds of the same work, and code that runs a few times a second (position writes, status polling) only after
    // runs as long as the timed one. A single round of 10k records left the server (far more code than the loop: HTTP
    // server, proxy engine, store, engine) compiling ~2,000 methods, a third of its CPU, during a timed 300k run; rounds
    // of 10k for 8 s still left ~500, rounds of 300k for 5 s ~1,400.
    private const double DefaultWarmUpSeconds = 8;
    private const string Token = "benchmark-admin-token";

    public static async Task RunAsync(string[] args)
    {
        var sizes = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && int.TryParse(a, out _)).Select(int.Parse).DefaultIfEmpty(10_000).ToList();
        if (args.Length == 0) sizes = [10_000, 1_000_000];
        var backend = args.SkipWhile(a => a != "--backend").Skip(1).FirstOrDefault() ?? "both";
        // --server-env NAME=VALUE (repeatable): a setting of the platform server only, for trying runtime knobs.
        var serverEnvironment = args.Zip(args.Skip(1)).Where(p => p.First == "--server-env").Select(p => p.Second.Split('=', 2)).ToList();
        var warmUp = TimeSpan.FromSeconds(args.Zip(args.Skip(1)).Where(p => p.First == "--warm-up-seconds").Select(p => double.Parse(p.Second, CultureInfo.InvariantCulture)).DefaultIfEmpty(DefaultWarmUpSeconds).Last());
        await using var vendor = await LoopbackVendor.StartAsync();
        await using var receiver = await LoopbackReceiver.StartAsync();
        AzuriteFixture? azurite = null;
        if (backend is "azure" or "both")
        {
            azurite = new AzuriteFixture();
            await azurite.InitializeAsync();
        }

        var rows = new List<string>();
        try
        {
            await WarmUpAsync(warmUp, sizes[0], records => BareLoopAsync(vendor.Url, receiver.Url, records), OwnCpu);
            foreach (var size in sizes)
            {
                foreach (var (name, settings) in Backends(backend, azurite))
                {
                    serverEnvironment.ForEach(setting => settings[setting[0]] = setting[1]);
                    await using var server = await PlatformServer.StartAsync(settings, vendor.Url, receiver);
                    await WarmUpAsync(warmUp, size, server.RunAsync, () => server.Cpu);
                    var pages = size / (double)PageSize;
                    var (inBefore, inBeforeCpu) = await BareLoopAsync(vendor.Url, receiver.Url, size);
                    var (before, beforeCpu) = await BareLoopProcessAsync(vendor.Url, receiver, size, warmUp);
                    var (rate, peak, end, cpu, spans) = await server.RunAsync(size);
                    var (after, afterCpu) = await BareLoopProcessAsync(vendor.Url, receiver, size, warmUp);
                    var (inAfter, inAfterCpu) = await BareLoopAsync(vendor.Url, receiver.Url, size);
                    var (own, inProcess) = ((before + after) / 2, (inBefore + inAfter) / 2);
                    rows.Add($"| bare loop, own process (before / after) | {size:N0} | {before:N0} / {after:N0} | 1.00 | | | | {beforeCpu.TotalMilliseconds / pages:F2} / {afterCpu.TotalMilliseconds / pages:F2} (loop only) | |");
                    rows.Add($"| bare loop, in the vendor's process (before / after) | {size:N0} | {inBefore:N0} / {inAfter:N0} | | 1.00 | | | {inBeforeCpu.TotalMilliseconds / pages:F2} / {inAfterCpu.TotalMilliseconds / pages:F2} (loop, vendor, receiver) | |");
                    rows.Add($"| platform, {name} | {size:N0} | {rate:N0} | {rate / own:F2} | {rate / inProcess:F2} | {peak / 1024.0:N0} MB | {end / 1024.0:N0} MB | {cpu.Server.TotalMilliseconds / pages:F2} + {cpu.Own.TotalMilliseconds / pages:F2} (server + vendor, receiver) | {spans} |");
                    rows.TakeLast(3).ToList().ForEach(Console.WriteLine);
                }
            }
        }
        finally
        {
            if (azurite is not null) await azurite.DisposeAsync();
        }

        Console.WriteLine();
        Console.WriteLine("| loop | records | records/s | × bare, own process | × bare, in the vendor's process | peak RSS | RSS at end | CPU ms per page | to first page / pages / last page to completed |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
    }

    private static IEnumerable<(string Name, Dictionary<string, string> Settings)> Backends(string backend, AzuriteFixture? azurite)
    {
        if (backend is "sqlite" or "both") yield return ("SQLite", new() { ["STORAGE"] = "embedded" });
        if (azurite is not null)
        {
            yield return ("Azurite", new()
            {
                ["STORAGE"] = "azure",
                ["AZURE_STORAGE_CONNECTION_STRING"] = azurite.ConnectionString,
                ["DURABLE_TASK_HUB"] = "bench" + Guid.NewGuid().ToString("N")[..10],
            });
        }
    }

    /// <summary>
    /// The bare loop as its own process (<c>sync-bare vendorUrl receiverUrl records warmUpSeconds</c>), as the platform
    /// server is: after an untimed warm-up like the server's, prints its records/s and CPU milliseconds.
    /// </summary>
    public static async Task BareProcessAsync(string[] args)
    {
        var (vendorUrl, receiverUrl, records) = (args[0], args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
        await WarmUpAsync(TimeSpan.FromSeconds(double.Parse(args[3], CultureInfo.InvariantCulture)), records, count => BareLoopAsync(vendorUrl, receiverUrl, count), OwnCpu);
        var (rate, cpu) = await BareLoopAsync(vendorUrl, receiverUrl, records);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rate} {cpu.TotalMilliseconds}"));
    }

    /// <summary>
    /// Untimed rounds of <see cref="WarmUpRecords"/> for at least <paramref name="duration"/>, then one of
    /// <paramref name="records"/>, then a wait until the process (<paramref name="cpu"/>: its CPU time) is quiet, that
    /// is until the JIT has compiled what the rounds queued for it (at most 10 s).
    /// </summary>
    private static async Task WarmUpAsync(TimeSpan duration, int records, Func<int, Task> round, Func<TimeSpan> cpu)
    {
        var stopwatch = Stopwatch.StartNew();
        do
        {
            await round(WarmUpRecords);
        }
        while (stopwatch.Elapsed < duration);
        await round(records);
        var quiet = TimeSpan.FromMilliseconds(250);
        for (var waited = 0; waited < 40; waited++)
        {
            var before = cpu();
            await Task.Delay(quiet);
            if (cpu() - before < quiet * 0.05) break;
        }
    }

    private static TimeSpan OwnCpu() => Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>The bare loop in a process of its own (see <see cref="BareProcessAsync"/>): records/s and that process's CPU time.</summary>
    private static async Task<(double Rate, TimeSpan Cpu)> BareLoopProcessAsync(string vendorUrl, LoopbackReceiver receiver, int records, TimeSpan warmUp)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
        string[] arguments = [typeof(SyncThroughputBenchmark).Assembly.Location, "sync-bare", vendorUrl, receiver.Url, records.ToString(CultureInfo.InvariantCulture), warmUp.TotalSeconds.ToString(CultureInfo.InvariantCulture)];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var figures = output.Trim().Split('\n')[^1].Split(' ');
        if (process.ExitCode != 0 || figures.Length != 2) throw new InvalidOperationException($"the bare loop process failed: {output}");
        return (double.Parse(figures[0], CultureInfo.InvariantCulture), TimeSpan.FromMilliseconds(double.Parse(figures[1], CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// The baseline, what a minimal correct implementation does: fetch a page, extract its records, wrap them, sign the
    /// body (Standard Webhooks' HMAC-SHA256 over <c>id.timestamp.body</c>), POST it and wait for the 2xx; records/s and
    /// the CPU time of this process.
    /// </summary>
    private static async Task<(double Rate, TimeSpan Cpu)> BareLoopAsync(string vendorUrl, string receiverUrl, int records)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        var buffer = new ArrayBufferWriter<byte>(32 * 1024);
        var secret = "bare-loop-secret"u8.ToArray();
        var stopwatch = Stopwatch.StartNew();
        string? cursor = "0";
        var page = 0;
        var sent = 0;
        while (cursor is not null)
        {
            var text = await client.GetByteArrayAsync($"{vendorUrl}/items?total={records}&limit={PageSize}&cursor={cursor}");
            using var document = JsonDocument.Parse(text);
            var data = document.RootElement.GetProperty("data");
            cursor = document.RootElement.GetProperty("next").GetString();
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("event_type", "sync_job_run:record");
                writer.WritePropertyName("records");
                data.WriteTo(writer);
                writer.WriteNumber("page", ++page);
                writer.WriteEndObject();
            }
            var id = page.ToString(CultureInfo.InvariantCulture);
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
            hmac.AppendData(Encoding.UTF8.GetBytes($"{id}.{timestamp}."));
            hmac.AppendData(buffer.WrittenSpan);
            using var request = new HttpRequestMessage(HttpMethod.Post, receiverUrl) { Content = new ReadOnlyMemoryContent(buffer.WrittenMemory) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation("webhook-id", id);
            request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp);
            request.Headers.TryAddWithoutValidation("webhook-signature", "v1," + Convert.ToBase64String(hmac.GetHashAndReset()));
            using var response = await client.SendAsync(request);
            response.EnsureSuccessStatusCode();
            sent += data.GetArrayLength();
        }
        if (sent != records) throw new InvalidOperationException($"the bare loop sent {sent} records, not {records}");
        return (records / stopwatch.Elapsed.TotalSeconds, Process.GetCurrentProcess().TotalProcessorTime - cpu);
    }

    /// <summary>The platform server as its own process, with an integration on the loopback vendor, an account and a webhook to the receiver.</summary>
    private sealed class PlatformServer : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _directory;
        private readonly HttpClient _api;
        private readonly LoopbackReceiver _receiver;
        private JsonObject _target = [];

        private PlatformServer(Process process, string directory, HttpClient api, LoopbackReceiver receiver) =>
            (_process, _directory, _api, _receiver) = (process, directory, api, receiver);

        public static async Task<PlatformServer> StartAsync(Dictionary<string, string> settings, string vendorUrl, LoopbackReceiver receiver)
        {
            var directory = Directory.CreateTempSubdirectory("sync-bench-").FullName;
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
            start.ArgumentList.Add(typeof(Program).Assembly.Location);
            foreach (var (name, value) in settings) start.Environment[name] = value;
            start.Environment["DATA_DIR"] = directory;
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            start.Environment["ADMIN_API_TOKEN"] = Token;
            start.Environment["ALLOW_PRIVATE_NETWORK_TARGETS"] = "true";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            var server = new PlatformServer(process, directory, api, receiver);
            try
            {
                await WaitForHealthAsync(api);
                server._target = await SetUpAsync(api, vendorUrl, receiver.Url);
                return server;
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }

        /// <summary>
        /// One sync run of <paramref name="records"/>: records/s from creating the run to its completion, peak and final
        /// VmRSS (KB), the CPU time of the server and of this process (vendor and receiver), and where the time went.
        /// </summary>
        public async Task<(double Rate, long PeakKb, long EndKb, (TimeSpan Server, TimeSpan Own) Cpu, string Spans)> RunAsync(int records)
        {
            var job = await PostAsync(_api, "/sync-job", new JsonObject
            {
                ["integration_name"] = _target["integration_name"]!.GetValue<string>(),
                ["resources"] = new JsonArray(new JsonObject { ["resource"] = "items", ["query"] = new JsonObject { ["total"] = records, ["limit"] = PageSize } }),
            });
            var runBody = new JsonObject
            {
                ["sync_job_id"] = job["id"]!.GetValue<string>(),
                ["integrated_account_id"] = _target["integrated_account_id"]!.GetValue<string>(),
                ["webhook_id"] = _target["webhook_id"]!.GetValue<string>(),
            };
            var peak = Rss(_process);
            _receiver.Reset();
            _process.Refresh();
            var (serverCpu, ownCpu) = (_process.TotalProcessorTime, Process.GetCurrentProcess().TotalProcessorTime);
            var started = Stopwatch.GetTimestamp();
            var stopwatch = Stopwatch.StartNew();
            var run = await PostAsync(_api, "/sync-job-run", runBody);
            var id = run["id"]!.GetValue<string>();
            string status;
            do
            {
                await Task.Delay(25);
                peak = Math.Max(peak, Rss(_process));
                status = (await GetAsync(_api, $"/sync-job-run/{id}"))["status"]!.GetValue<string>();
            }
            while (status is not ("completed" or "failed" or "stopped"));
            var elapsed = stopwatch.Elapsed;
            _process.Refresh();
            var cpu = (_process.TotalProcessorTime - serverCpu, Process.GetCurrentProcess().TotalProcessorTime - ownCpu);
            if (status != "completed" || _receiver.Records != records)
            {
                throw new InvalidOperationException($"the run ended {status} with {_receiver.Records} of {records} records");
            }
            var (first, last) = _receiver.RecordSpan;
            var spans = $"{Stopwatch.GetElapsedTime(started, first).TotalSeconds:F2} s / {Stopwatch.GetElapsedTime(first, last).TotalSeconds:F2} s / {(elapsed - Stopwatch.GetElapsedTime(started, last)).TotalSeconds:F2} s";
            return (records / elapsed.TotalSeconds, peak, Rss(_process), cpu, spans);
        }

        /// <summary>The server process's CPU time so far.</summary>
        public TimeSpan Cpu
        {
            get
            {
                _process.Refresh();
                return _process.TotalProcessorTime;
            }
        }

        public async ValueTask DisposeAsync()
        {
            _api.Dispose();
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>An integration on the vendor, installed, an account on it and a webhook to the receiver: the parts of a run but the job.</summary>
    private static async Task<JsonObject> SetUpAsync(HttpClient api, string vendorUrl, string receiverUrl)
    {
        var config = JsonNode.Parse($$"""
            {
              "base_url": "{{vendorUrl}}",
              "credentials": { "format": "api_key", "config": { "fields": [ { "name": "api_key", "label": "Key", "type": "password", "required": true } ] } },
              "authorization": { "format": "bearer", "config": { "token": "{{"{{api_key}}"}}" } },
              "pagination": { "format": "cursor", "config": { "cursor_key": "cursor", "cursor_path": "next" } },
              "resources": { "items": { "list": { "method": "get", "path": "/items", "response_path": "data" } } }
            }
            """)!;
        // Azure storage outlives one server process: a fresh name per server.
        var name = "bench-" + Guid.NewGuid().ToString("N")[..8];
        var integration = (await PostAsync(api, "/integration", new JsonObject { ["name"] = name, ["category"] = "other", ["config"] = config }))["id"]!.GetValue<string>();
        await PostAsync(api, "/environment-integration", new JsonObject { ["integration_id"] = integration });
        var account = await PostAsync(api, "/integrated-account", new JsonObject { ["integration_name"] = name, ["tenant_id"] = "t", ["context"] = new JsonObject { ["api_key"] = "k" } });
        var webhook = await PostAsync(api, "/webhook", new JsonObject { ["target_url"] = receiverUrl, ["event_types"] = new JsonArray("sync_job_run:record") });
        return new JsonObject { ["integration_name"] = name, ["integrated_account_id"] = account["id"]!.GetValue<string>(), ["webhook_id"] = webhook["id"]!.GetValue<string>() };
    }

    private static async Task<JsonNode> PostAsync(HttpClient api, string path, JsonNode body)
    {
        using var response = await api.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? JsonNode.Parse(text)! : throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
    }

    private static async Task<JsonNode> GetAsync(HttpClient api, string path) => JsonNode.Parse(await api.GetStringAsync(path))!;

    private static async Task WaitForHealthAsync(HttpClient api)
    {
        for (var i = 0; i < 600; i++)
        {
            try
            {
                if ((await api.GetAsync("/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("the platform did not start");
    }

    private static long Rss(Process process)
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Items <c>{id, name, email, n}</c> in pages: <c>GET /items?total=&amp;limit=&amp;cursor=</c> → <c>{data, next}</c>.</summary>
    private sealed class LoopbackVendor(WebApplication app) : IAsyncDisposable
    {
        public string Url => app.Urls.First().TrimEnd('/');

        public static async Task<LoopbackVendor> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.MapGet("/items", async (HttpContext http) =>
            {
                var query = http.Request.Query;
                var total = int.Parse(query["total"].ToString(), CultureInfo.InvariantCulture);
                var limit = int.TryParse(query["limit"], out var l) ? l : PageSize;
                var offset = int.TryParse(query["cursor"], out var c) ? c : 0;
                var buffer = new ArrayBufferWriter<byte>(24 * 1024);
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    writer.WriteStartArray("data");
                    for (var i = offset; i < Math.Min(total, offset + limit); i++)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("id", $"item-{i:D8}");
                        writer.WriteString("name", $"Item number {i}");
                        writer.WriteString("email", $"item{i}@vendor.example");
                        writer.WriteNumber("n", i);
                        writer.WriteEndObject();
                    }
                    writer.WriteEndArray();
                    if (offset + limit < total) writer.WriteString("next", (offset + limit).ToString(CultureInfo.InvariantCulture));
                    else writer.WriteNull("next");
                    writer.WriteEndObject();
                }
                http.Response.ContentType = "application/json";
                await http.Response.Body.WriteAsync(buffer.WrittenMemory);
            });
            await app.StartAsync();
            return new LoopbackVendor(app);
        }

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }

    /// <summary>Answers 200 to every POST, counts the records of record events and notes when the first and the last arrived.</summary>
    private sealed class LoopbackReceiver(WebApplication app, Func<int> records, Func<(long, long)> span, Action reset) : IAsyncDisposable
    {
        public string Url => app.Urls.First().TrimEnd('/') + "/hooks";

        public int Records => records();

        /// <summary>Stopwatch timestamps of the first and the last record event since <see cref="Reset"/>.</summary>
        public (long First, long Last) RecordSpan => span();

        public void Reset() => reset();

        public static async Task<LoopbackReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var count = 0;
            long first = 0, last = 0;
            app.MapPost("/hooks", async (HttpContext http) =>
            {
                using var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body);
                using var document = JsonDocument.Parse(body.GetBuffer().AsMemory(0, (int)body.Length));
                var root = document.RootElement;
                var records = root.TryGetProperty("payload", out var payload) ? payload.TryGetProperty("records", out var r) ? r : default : root.GetProperty("records");
                if (records.ValueKind == JsonValueKind.Array)
                {
                    Interlocked.Add(ref count, records.GetArrayLength());
                    var now = Stopwatch.GetTimestamp();
                    Interlocked.CompareExchange(ref first, now, 0);
                    Volatile.Write(ref last, now);
                }
                return Results.Ok();
            });
            await app.StartAsync();
            return new LoopbackReceiver(app, () => Volatile.Read(ref count), () => (Volatile.Read(ref first), Volatile.Read(ref last)), () =>
            {
                Interlocked.Exchange(ref count, 0);
                Interlocked.Exchange(ref first, 0);
            });
        }

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }
}
