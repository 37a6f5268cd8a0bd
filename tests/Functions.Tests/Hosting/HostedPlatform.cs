using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Tests.Hosting;

/// <summary>
/// The standalone hosting layer (pollers and timers) on a real Kestrel server on loopback, composed like
/// Program.cs without the API, with the test's own trigger handlers registered.
/// </summary>
internal sealed class HostedPlatform : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HostedPlatform(WebApplication app, Uri address, string dataDirectory)
    {
        _app = app;
        Address = address;
        DataDirectory = dataDirectory;
        Client = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public string DataDirectory { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="settings">Settings as the environment would give them.</param>
    public static async Task<HostedPlatform> StartAsync(IReadOnlyDictionary<string, string> settings, Action<IServiceCollection> registerHandlers)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "hosting-tests-" + Guid.NewGuid().ToString("N"));
        var all = new Dictionary<string, string> { [PlatformSettings.DataDirectory] = dataDirectory, ["urls"] = "http://127.0.0.1:0" };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. all.Select(s => $"--{s.Key}={s.Value}")],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.AddStandaloneHosting();
        builder.Services.AddPlatformHosting(builder.Configuration, HostingMode.Standalone);
        registerHandlers(builder.Services);
        var app = builder.Build();
        try
        {
            app.Services.ValidatePlatformTriggers();
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new HostedPlatform(app, new Uri(address), dataDirectory);
    }

    /// <summary>Stops the server and its background services; the services stay resolvable until disposal.</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
