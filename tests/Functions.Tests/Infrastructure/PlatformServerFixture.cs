using Xunit;

namespace Serverless.Functions.Tests.Infrastructure;

/// <summary>One running platform per test class (<c>IClassFixture&lt;PlatformServerFixture&gt;</c>).</summary>
public sealed class PlatformServerFixture : IAsyncLifetime
{
    private PlatformServer? server;

    public PlatformServer Server => server ?? throw new InvalidOperationException("The server is not started.");

    public async Task InitializeAsync() => server = await PlatformServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
