using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Platform;
using Serverless.Core.Storage;
using Serverless.Functions.Hosting;
using Serverless.Storage.Tests.Azure;

namespace Serverless.Benchmarks.Scenarios;

/// <summary>
/// Issue 16, account lookup: <c>POST /environment-integration-webhook/{id}</c>, whose account is found by
/// <c>context_lookup_field_name</c>, in an environment of 10 accounts and in one of 100,000 (the same integration
/// installed in both), on the embedded store and on Table storage (Azurite). Calls alternate between the two
/// environments; the ratio of their medians is the goal (at most 1.2).
/// </summary>
internal static class AccountLookupScenario
{
    public const string Name = "account-lookup";

    public static async Task RunAsync(ScenarioOptions options)
    {
        var large = options.Get("accounts", 100_000);
        var calls = options.Get("calls", 300);
        var dataDirectory = Directory.CreateTempSubdirectory("bench-lookup-").FullName;
        var azurite = new AzuriteFixture();
        try
        {
            await MeasureAsync("embedded (SQLite)", new Dictionary<string, string> { [PlatformSettings.DataDirectory] = Path.Combine(dataDirectory, "embedded") }, large, calls);
            await azurite.InitializeAsync();
            await MeasureAsync("azure (Table storage on Azurite)", new Dictionary<string, string>
            {
                [PlatformSettings.DataDirectory] = Path.Combine(dataDirectory, "azure"),
                [PlatformSettings.Storage] = "azure",
                [PlatformSettings.AzureStorageConnectionString] = azurite.ConnectionString,
            }, large, calls);
        }
        finally
        {
            await azurite.DisposeAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task MeasureAsync(string store, IReadOnlyDictionary<string, string> settings, int large, int calls)
    {
        await using var platform = await InProcessPlatform.StartAsync(settings);
        var integration = await CreateIntegrationAsync(platform.Client);
        var small = await NewEnvironmentAsync(platform, integration, "small");
        var big = await NewEnvironmentAsync(platform, integration, "large");
        for (var i = 0; i < 10; i++)
        {
            await InProcessPlatform.SendAsync(small.Client, HttpMethod.Post, "/integrated-account", $$$"""
                {"integration_name":"{{{integration}}}","tenant_id":"t{{{i}}}","context":{"api_key":"k","team_id":"T{{{i}}}"}}
                """, HttpStatusCode.Created);
        }

        await InProcessPlatform.SendAsync(big.Client, HttpMethod.Post, "/integrated-account", $$$"""
            {"integration_name":"{{{integration}}}","tenant_id":"first","context":{"api_key":"k","team_id":"T0"}}
            """, HttpStatusCode.Created);
        var seeding = Stopwatch.StartNew();
        await SeedAsync(platform.Services, big, large - 10);
        var seeded = seeding.Elapsed;
        // The account looked up in the large environment is its newest: the worst case for a scan.
        for (var i = 1; i < 10; i++)
        {
            await InProcessPlatform.SendAsync(big.Client, HttpMethod.Post, "/integrated-account", $$$"""
                {"integration_name":"{{{integration}}}","tenant_id":"t{{{i}}}","context":{"api_key":"k","team_id":"T{{{i}}}"}}
                """, HttpStatusCode.Created);
        }

        // Warm-up, then alternate so that machine load hits both alike.
        await CallAsync(platform.Client, small, "T9");
        await CallAsync(platform.Client, big, "T9");
        var smallTimes = new List<double>(calls);
        var bigTimes = new List<double>(calls);
        for (var i = 0; i < calls; i++)
        {
            smallTimes.Add(await CallAsync(platform.Client, small, "T9"));
            bigTimes.Add(await CallAsync(platform.Client, big, "T9"));
        }

        var (s, b) = (new Percentiles(smallTimes), new Percentiles(bigTimes));
        var ratio = b.Median / s.Median;
        Console.WriteLine($"environment-integration webhook, account found by context_lookup_field_name, {store}:");
        Console.WriteLine($"  10 accounts        {s}");
        Console.WriteLine($"  {large:N0} accounts {b} (seeded in {seeded.TotalSeconds:0} s)");
        Console.WriteLine($"  ratio of medians {ratio:0.00}; goal <= 1.2: {(ratio <= 1.2 ? "met" : "NOT met")}");
    }

    private static async Task<string> CreateIntegrationAsync(HttpClient admin)
    {
        var name = "lookup-" + Guid.NewGuid().ToString("N")[..8];
        await InProcessPlatform.SendAsync(admin, HttpMethod.Post, "/integration", $$$"""
            {"name":"{{{name}}}","category":"crm","config":{"base_url":"https://api.vendor.example",
             "credentials":{"format":"api_key","config":{"fields":[{"name":"api_key","type":"password","required":true},{"name":"team_id","type":"text"}]}},
             "resources":{"users":{"list":{"method":"get","path":"/users"} } },
             "webhook":{"context_lookup_field_name":"team_id"} } }
            """, HttpStatusCode.Created);
        return name;
    }

    private static async Task<Installed> NewEnvironmentAsync(InProcessPlatform platform, string integration, string name)
    {
        var environment = JsonNode.Parse(await InProcessPlatform.SendAsync(platform.Client, HttpMethod.Post, "/environment", $$"""{"name":"{{name}}-{{Guid.NewGuid():N}}"}""", HttpStatusCode.Created))!;
        var environmentId = Guid.Parse(environment["id"]!.GetValue<string>());
        var token = JsonNode.Parse(await InProcessPlatform.SendAsync(platform.Client, HttpMethod.Post, "/api-token", $$"""{"name":"bench","environment_id":"{{environmentId}}"}""", HttpStatusCode.Created))!["token"]!.GetValue<string>();
        var client = new HttpClient { BaseAddress = platform.Client.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var integrations = JsonNode.Parse(await InProcessPlatform.SendAsync(client, HttpMethod.Get, "/integration?limit=1000", null, HttpStatusCode.OK))!["result"]!.AsArray();
        var integrationId = integrations.First(i => i!["name"]!.GetValue<string>() == integration)!["id"]!.GetValue<string>();
        var install = JsonNode.Parse(await InProcessPlatform.SendAsync(client, HttpMethod.Post, "/environment-integration", $$"""{"integration_id":"{{integrationId}}"}""", HttpStatusCode.Created))!;
        return new Installed(environmentId, Guid.Parse(install["id"]!.GetValue<string>()), Guid.Parse(integrationId), integration, client);
    }

    /// <summary>
    /// Writes <paramref name="count"/> accounts straight into the store, as <see cref="IntegratedAccountRepository"/>
    /// stores them (document, lookup row and hint, 33 accounts per batch), far faster than the API would.
    /// </summary>
    private static async Task SeedAsync(IServiceProvider services, Installed target, int count)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var partition = PlatformPartitions.Of(target.EnvironmentId);
        var batches = Enumerable.Range(0, count).Chunk(33).ToList();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) is var index && index < batches.Count)
            {
                var operations = new List<DocumentOperation>(100);
                foreach (var n in batches[index])
                {
                    var now = DateTimeOffset.UtcNow;
                    var account = new IntegratedAccountRecord(SequentialUuid.Next(now), target.EnvironmentId, target.InstallId, target.IntegrationId, target.IntegrationName,
                        $"seed-{n}", "api_key", "active", new JsonObject { ["team_id"] = $"S{n}" }, [], now, now);
                    operations.Add(DocumentOperation.Insert(RecordTable<IntegratedAccountRecord>.DocumentKey(account.Id), JsonSerializer.Serialize(account, PlatformJson.Options)));
                    operations.AddRange(AccountLookupIndex.RowUpserts(AccountLookupIndex.RowKeys(account)));
                    operations.AddRange(AccountLookupIndex.HintUpserts(AccountLookupIndex.HintKeys(account), account.Id));
                }

                await store.ExecuteBatchAsync(AccountLookupIndex.Table, partition, operations);
            }
        })));
    }

    private static async Task<double> CallAsync(HttpClient client, Installed target, string teamId)
    {
        var started = Stopwatch.GetTimestamp();
        var body = await InProcessPlatform.SendAsync(client, HttpMethod.Post, $"/environment-integration-webhook/{target.InstallId}",
            $$"""{"team_id":"{{teamId}}","type":"contact.updated","id":"c-1"}""", HttpStatusCode.OK);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return body.Contains("\"accepted\"", StringComparison.Ordinal) ? elapsed : throw new InvalidOperationException("unexpected answer: " + body);
    }

    private sealed record Installed(Guid EnvironmentId, Guid InstallId, Guid IntegrationId, string IntegrationName, HttpClient Client);
}
