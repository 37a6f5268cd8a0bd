using Xunit;

namespace Serverless.Functions.Tests.Infrastructure;

/// <summary>One running platform per test class (<c>IClassFixture&lt;PlatformServerFixture&gt;</c>).</summary>
public class PlatformServerFixture : IAsyncLifetime
{
    private PlatformServer? _server;

    /// <summary>Configuration values for the server (environment variable names), for fixtures that need other settings.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    public PlatformServer Server => _server ?? throw new InvalidOperationException("The server is not started.");

    public async Task InitializeAsync() => _server = await PlatformServer.StartAsync(settings: Settings);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
