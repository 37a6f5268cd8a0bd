using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Functions;
using Serverless.Functions.Hosting;

namespace Serverless.Benchmarks.Scenarios;

/// <summary>
/// The standalone platform composed as <c>Program.cs</c> composes it (API, pollers, timers), in this process on a
/// loopback port, for scenarios that also reach into its services.
/// </summary>
internal sealed class InProcessPlatform : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessPlatform(WebApplication app, string adminToken)
    {
        _app = app;
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        Client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
    }

    public IServiceProvider Services => _app.Services;

    /// <summary>A client sending the admin token of the environment <c>default</c>.</summary>
    public HttpClient Client { get; }

    /// <param name="settings">Settings as the environment would give them (<c>DATA_DIR</c>, <c>STORAGE</c>...).</param>
    public static async Task<InProcessPlatform> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var adminToken = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var all = new Dictionary<string, string>(settings)
        {
            ["ADMIN_API_TOKEN"] = adminToken,
            [PlatformSettings.AllowPrivateNetworkTargets] = "true",
            ["urls"] = "http://127.0.0.1:0",
        };
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. all.Select(s => $"--{s.Key}={s.Value}")] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddStandaloneHosting();
        builder.Services.AddPlatform(builder.Configuration, HostingMode.Standalone);
        var app = builder.Build();
        app.UsePlatformMiddleware();
        app.MapPlatform();
        await app.StartAsync();
        return new InProcessPlatform(app, adminToken);
    }

    /// <summary>Sends JSON and returns the answer's body; anything but <paramref name="expected"/> is an error.</summary>
    public static async Task<string> SendAsync(HttpClient client, HttpMethod method, string path, string? json, System.Net.HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == expected
            ? body
            : throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}, expected {(int)expected}: {body}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        // Stop first: the pollers hand back what they hold while the store is still open.
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
