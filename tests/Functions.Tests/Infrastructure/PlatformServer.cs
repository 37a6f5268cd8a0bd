using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Serverless.Functions.Tests.Infrastructure;

/// <summary>
/// The whole platform on a real Kestrel server on a free loopback port, over its own data directory.
/// Start a second one on the same <see cref="DataDirectory"/> after disposing the first to test restarts.
/// </summary>
public sealed class PlatformServer : IAsyncDisposable
{
    private static readonly SemaphoreSlim StartGate = new(1, 1);
    private readonly PlatformFactory _factory;
    private readonly bool _ownsDataDirectory;

    private PlatformServer(PlatformFactory factory, string dataDirectory, bool ownsDataDirectory, string? adminToken)
    {
        _factory = factory;
        _ownsDataDirectory = ownsDataDirectory;
        DataDirectory = dataDirectory;
        AdminToken = adminToken;
        Client = CreateClient(adminToken);
    }

    public string DataDirectory { get; }

    /// <summary>The <c>ADMIN_API_TOKEN</c> of the environment <c>default</c> (null when started without one).</summary>
    public string? AdminToken { get; }

    /// <summary>A client sending <see cref="AdminToken"/>.</summary>
    public HttpClient Client { get; }

    public Uri BaseAddress => Client.BaseAddress!;

    /// <summary>Every log entry the server wrote, with exceptions, for "never logged" assertions.</summary>
    public CapturedLogs Logs => _factory.Logs;

    public IServiceProvider Services => _factory.Services;

    /// <summary>
    /// Starts a server. <paramref name="dataDirectory"/> null = a fresh temporary directory, removed
    /// on dispose. <paramref name="settings"/> are configuration values (environment variable names);
    /// <paramref name="configureServices"/> runs after the app's own registrations (to replace a service).
    /// </summary>
    public static async Task<PlatformServer> StartAsync(
        string? dataDirectory = null, string? adminToken = "test-admin-token", IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var owns = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("platform-test-").FullName;
        var all = new Dictionary<string, string?>
        {
            ["DATA_DIR"] = dataDirectory,
            ["ADMIN_API_TOKEN"] = adminToken,
            ["ALLOW_PRIVATE_NETWORK_TARGETS"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var factory = new PlatformFactory(all, configureServices);
        // The factory finds the app's host through a process-wide diagnostic listener, so two servers
        // starting at once can pick up each other's host: start one at a time.
        await StartGate.WaitAsync();
        try
        {
            factory.Start();
        }
        finally
        {
            StartGate.Release();
        }

        return new PlatformServer(factory, dataDirectory, owns, adminToken);
    }

    /// <summary>A client of this server sending <paramref name="token"/> as bearer token (none when null).</summary>
    public HttpClient CreateClient(string? token)
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = _factory.ServerAddress });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        if (_ownsDataDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a finalising handle; the temp directory is cleaned by the OS.
            }
        }
    }

    private sealed class PlatformFactory(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configureServices)
        : WebApplicationFactory<Program>
    {
        public CapturedLogs Logs { get; } = new();

        /// <summary>Where Kestrel listens (a free port chosen at start).</summary>
        public Uri ServerAddress { get; private set; } = null!;

        public void Start()
        {
            UseKestrel(0);
            StartServer();
            ServerAddress = new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.UseEnvironment("Production");
            builder.ConfigureLogging(logging => logging.AddProvider(Logs));
            if (configureServices is not null)
            {
                builder.ConfigureServices(configureServices);
            }
        }
    }
}
