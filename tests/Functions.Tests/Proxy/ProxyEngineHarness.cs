using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Serverless.Core.Actions;
using Serverless.Core.Auth;
using Serverless.Core.Config;
using Serverless.Core.Http;
using Serverless.Core.Integrations;
using Serverless.Core.Jsonata;
using Serverless.Core.Proxy;
using Serverless.Functions.Tests.Infrastructure;

namespace Serverless.Functions.Tests.Proxy;

/// <summary>The proxy pipeline wired as in production (pooled client, token client, single-flight tokens) around captured logs.</summary>
internal sealed class ProxyEngineHarness : IDisposable
{
    private readonly HttpClient _client = new OutboundTargetGuard(allowPrivateNetworkTargets: true).CreateClient();
    private readonly ILoggerFactory _loggers;

    public ProxyEngineHarness()
    {
        _loggers = LoggerFactory.Create(builder => builder.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        Tokens = new OAuthAccessTokens(new OAuthTokenClient(_client, TimeProvider.System), new SecretStoreOAuthTokens(Secrets), TimeProvider.System, _loggers.CreateLogger<OAuthAccessTokens>());
        Engine = new ProxyEngine(new VendorRequestSender(_client), Tokens, AuthState, new RefreshTokenAction(TimeProvider.System), TimeProvider.System, _loggers.CreateLogger<ProxyEngine>());
    }

    public CapturedLogs Logs { get; } = new();

    public MemorySecretStore Secrets { get; } = new();

    public RecordingAccountAuthState AuthState { get; } = new();

    public OAuthAccessTokens Tokens { get; }

    public ProxyEngine Engine { get; }

    private static readonly IntegrationConfigReader Reader = new(new IntegrationConfigValidator(new JsonataSyntaxChecker()));

    /// <summary>A config compiled as the cache compiles an installation's: read (validated), then compiled.</summary>
    public static CompiledIntegration Compile(string json)
    {
        var config = JsonNode.Parse(json)!.AsObject();
        var read = Reader.Read(config);
        return read.Config is { } model ? CompiledIntegration.Compile(model, config) : throw new ArgumentException(read.Validation.Describe(), nameof(json));
    }

    public static ProxyAccount Account(string authenticationMethod, string context, string status = "active", string environmentVariables = "{}") =>
        new(Guid.NewGuid(), status, authenticationMethod, JsonNode.Parse(context)!.AsObject(), JsonNode.Parse(environmentVariables)!.AsObject());

    public Task<ProxyResult> CallAsync(CompiledIntegration integration, ProxyAccount account, string resource, string method,
        string? id = null, JsonObject? query = null, JsonNode? body = null, int? limit = null, string? cursor = null) =>
        Engine.ExecuteAsync(new ProxyCall(integration, account, integration.Method(resource, method), id, query ?? [], body, limit, cursor), CancellationToken.None);

    /// <summary>Pages through a list the way an API caller does, with next_cursor, and returns every record.</summary>
    public async Task<(List<JsonNode?> Records, int Pages)> ListAllAsync(CompiledIntegration integration, ProxyAccount account, string resource, int? limit)
    {
        var records = new List<JsonNode?>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var result = await CallAsync(integration, account, resource, "list", limit: limit, cursor: cursor);
            var body = result.Body!.AsObject();
            var page = body["result"]!.AsArray();
            if ((int)body["result_count"]! != page.Count) throw new InvalidOperationException("result_count does not match the page");
            records.AddRange(page.Select(record => record?.DeepClone()));
            cursor = (string?)body["next_cursor"];
            pages++;
            if (pages > 1000) throw new InvalidOperationException("the walk does not end");
        }
        while (cursor is not null);
        return (records, pages);
    }

    public void Dispose()
    {
        _loggers.Dispose();
        _client.Dispose();
    }
}
