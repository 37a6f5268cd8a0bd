using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.Hosting;

/// <summary>
/// An acknowledged write survives <c>kill -9</c>: the platform runs as its own process on the embedded store, many
/// clients create and update accounts at once (so writes share group commits), the process is killed mid-load, and
/// a new process on the same data directory must hold every write that was answered.
/// </summary>
public sealed class CrashDurabilityTests
{
    private const string Token = "crash-test-admin-token-0123456789abcdef";

    [Fact]
    public async Task Every_acknowledged_account_write_is_there_after_kill_9_and_restart()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("platform-crash-").FullName;
        var settings = new Dictionary<string, string> { ["DATA_DIR"] = dataDirectory, ["ADMIN_API_TOKEN"] = Token };
        try
        {
            var created = new ConcurrentDictionary<string, string>();
            var updated = new ConcurrentDictionary<string, string>();
            await using (var server = await PlatformProcess.StartAsync(PlatformProcess.PlatformAssembly, settings))
            {
                using var http = Client(server.Address);
                var integration = await SetUpIntegrationAsync(http);
                using var stop = new CancellationTokenSource();
                var writers = Enumerable.Range(0, 32).Select(writer => WriteUntilStoppedAsync(http, integration, writer, created, updated, stop.Token)).ToList();
                while (updated.Count < 100)
                {
                    await Task.Delay(50);
                }

                // kill -9 while the writers are still going: some writes are in flight, unanswered.
                await server.KillAsync();
                await stop.CancelAsync();
                await Task.WhenAll(writers);
            }

            await using var restarted = await PlatformProcess.StartAsync(PlatformProcess.PlatformAssembly, settings);
            using var again = Client(restarted.Address);
            foreach (var (id, tenant) in created)
            {
                using var response = await again.GetAsync($"/integrated-account/{id}");
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"acknowledged account {id} is missing after the crash");
                var account = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                // The update answered 200 is there; an account whose update was never answered may hold either value.
                Assert.Equal(updated.GetValueOrDefault(id) ?? account["tenant_id"]!.GetValue<string>(), account["tenant_id"]!.GetValue<string>());
                Assert.Contains(account["tenant_id"]!.GetValue<string>(), new[] { tenant, tenant + "-updated" });
            }

            Assert.True(created.Count >= 100, $"only {created.Count} creates were answered before the crash");
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>Creates an account, then updates it, again and again; records what was answered.</summary>
    private static async Task WriteUntilStoppedAsync(
        HttpClient http, string integration, int writer, ConcurrentDictionary<string, string> created, ConcurrentDictionary<string, string> updated, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            try
            {
                var tenant = $"tenant-{writer}-{i}";
                var account = await SendAsync(http, HttpMethod.Post, "/integrated-account", $$"""
                    {"integration_name":"{{integration}}","tenant_id":"{{tenant}}","context":{"api_key":"k-{{writer}}-{{i}}","subdomain":"s{{writer}}"} }
                    """, HttpStatusCode.Created);
                var id = account["id"]!.GetValue<string>();
                created[id] = tenant;
                await SendAsync(http, HttpMethod.Patch, $"/integrated-account/{id}", $$"""{"tenant_id":"{{tenant}}-updated"}""", HttpStatusCode.OK);
                updated[id] = tenant + "-updated";
            }
            catch (HttpRequestException)
            {
                // The server is gone: this write was never answered.
                return;
            }
        }
    }

    private static async Task<string> SetUpIntegrationAsync(HttpClient http)
    {
        var name = "crash-" + Guid.NewGuid().ToString("N")[..8];
        var integration = await SendAsync(http, HttpMethod.Post, "/integration", new JsonObject
        {
            ["name"] = name,
            ["category"] = "crm",
            ["config"] = Api.TestData.ApiKeyConfig(),
        }.ToJsonString(), HttpStatusCode.Created);
        await SendAsync(http, HttpMethod.Post, "/environment-integration", $$"""{"integration_id":"{{integration["id"]}}"}""", HttpStatusCode.Created);
        return name;
    }

    private static HttpClient Client(Uri address)
    {
        var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return http;
    }

    private static async Task<JsonNode> SendAsync(HttpClient http, HttpMethod method, string path, string json, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path} answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }
}
