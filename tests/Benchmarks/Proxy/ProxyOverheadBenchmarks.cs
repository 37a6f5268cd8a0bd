using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Core.Actions;
using Serverless.Core.Auth;
using Serverless.Core.Config;
using Serverless.Core.Http;
using Serverless.Core.Integrations;
using Serverless.Core.Jsonata;
using Serverless.Core.Proxy;
using Serverless.Core.Storage;

namespace Serverless.Benchmarks.Proxy;

/// <summary>
/// Latency the proxy pipeline adds over calling the vendor directly: the same loopback vendor page
/// (100 records, Link header) fetched with a plain HttpClient and through <see cref="ProxyEngine"/>
/// (compiled config, templating, auth, pagination cursor, response shaping).
/// Run: <c>dotnet run -c Release --project tests/Benchmarks -- --filter *ProxyOverhead* --inProcess</c>.
/// </summary>
[MemoryDiagnoser]
public class ProxyOverheadBenchmarks
{
    private WebApplication? _vendor;
    private HttpClient? _client;
    private ProxyEngine? _engine;
    private ProxyCall? _call;
    private string _pageUrl = "";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _vendor = builder.Build();
        var page = new JsonArray([.. Enumerable.Range(1, 100).Select(i => (JsonNode)new JsonObject { ["id"] = i, ["name"] = $"repo-{i}", ["private"] = false })]).ToJsonString();
        _vendor.MapGet("/user/repos", (HttpContext http) =>
        {
            http.Response.Headers.Link = "<http://127.0.0.1/user/repos?page=2>; rel=\"next\"";
            return Results.Content(page, "application/json");
        });
        await _vendor.StartAsync();
        var baseUrl = _vendor.Urls.First().TrimEnd('/');
        _pageUrl = baseUrl + "/user/repos?per_page=100";

        _client = new OutboundTargetGuard(allowPrivateNetworkTargets: true).CreateClient();
        _engine = new ProxyEngine(
            new VendorRequestSender(_client),
            new OAuthAccessTokens(new OAuthTokenClient(_client, TimeProvider.System), new SecretStoreOAuthTokens(new NoSecrets()), TimeProvider.System, NullLogger<OAuthAccessTokens>.Instance),
            new NoAccountChanges(), new RefreshTokenAction(TimeProvider.System), TimeProvider.System, NullLogger<ProxyEngine>.Instance);
        var config = JsonNode.Parse($$$"""
            {
              "base_url": "{{{baseUrl}}}",
              "headers": { "Accept": "application/vnd.github+json" },
              "credentials": { "format": "api_key", "config": { "fields": [ { "name": "api_key", "type": "password" } ] } },
              "pagination": { "format": "link_header", "config": { "limit_key": "per_page" } },
              "resources": { "repos": { "list": { "method": "get", "path": "/user/repos" } } }
            }
            """)!.AsObject();
        var reader = new IntegrationConfigReader(new IntegrationConfigValidator(new JsonataSyntaxChecker()));
        var integration = CompiledIntegration.Compile(reader.Read(config).Config!, config);
        _call = new ProxyCall(integration, new ProxyAccount(Guid.NewGuid(), "active", "api_key", new JsonObject { ["api_key"] = "ghp_benchmark" }, []),
            integration.Method("repos", "list"), null, [], null, 100);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client?.Dispose();
        if (_vendor is not null) await _vendor.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> DirectVendorCall()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _pageUrl);
        request.Headers.Authorization = new("Bearer", "ghp_benchmark");
        using var response = await _client!.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(body)!.AsArray().Count;
    }

    [Benchmark]
    public async Task<int> ThroughProxyEngine()
    {
        var result = await _engine!.ExecuteAsync(_call!, CancellationToken.None);
        return result.Records!.Count;
    }

    private sealed class NoSecrets : ISecretStore
    {
        public Task SetAsync(string name, string value, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<string?> GetAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);

        public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult(false);
    }

    private sealed class NoAccountChanges : IAccountAuthState
    {
        public Task NeedsReauthAsync(Guid integratedAccountId, string reason, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ReactivatedAsync(Guid integratedAccountId, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
