using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Webhooks.Outbound;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.SyncJobs;

/// <summary>
/// One platform shared by the sync run tests: segments of 20 pages (so runs of a few thousand records span many
/// activity calls and <c>ContinueAsNew</c> generations) and webhook retries after 200 ms instead of 20 s.
/// </summary>
public sealed class SyncServerFixture : IAsyncLifetime
{
    public static readonly WebhookDeliveryOptions FastRetries = new()
    {
        MaxAttempts = 4,
        InitialRetryDelay = TimeSpan.FromMilliseconds(200),
        MaxRetryDelay = TimeSpan.FromSeconds(1),
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    private PlatformServer? _server;

    public PlatformServer Server => _server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() =>
        _server = await PlatformServer.StartAsync(
            settings: new Dictionary<string, string?> { ["SYNC_SEGMENT_PAGES"] = "20" },
            configureServices: services => services.AddSingleton(FastRetries));

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
