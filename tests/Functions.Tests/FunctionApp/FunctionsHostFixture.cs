using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Serverless.Functions.Tests.Hosting;
using Serverless.Storage.Tests.Azure;
using Xunit;

namespace Serverless.Functions.Tests.FunctionApp;

/// <summary>
/// The published Function App under the real Azure Functions host, with a real Azurite as its storage, on free
/// loopback ports; shared by the tests of <see cref="FunctionsHostCollection"/>. The host is found through
/// <c>FUNCTIONS_HOST_DIR</c> (a folder holding the host built from source), else <c>../shared/functions-host/host</c>
/// beside the repository, else <c>func</c> (Core Tools) on <c>PATH</c>. When none is there, or it does not start,
/// the tests fail with the reason: they never skip.
/// </summary>
public sealed class FunctionsHostFixture : IAsyncLifetime
{
    public const string AdminToken = "functions-host-admin-token";
    private const string HostAssembly = "Microsoft.Azure.WebJobs.Script.WebHost.dll";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly ConcurrentQueue<string> _output = new();
    private readonly List<string> _temporaryDirectories = [];
    private Process? _host;

    public AzuriteFixture Azurite { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A client of the host sending the admin token of the environment <c>default</c>.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>The host's and the worker's latest output lines, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    public async Task InitializeAsync()
    {
        var publishTask = PublishedFunctionApp.DirectoryAsync();
        await Azurite.InitializeAsync();
        var app = await publishTask;
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var start = HostCommand(app, port);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        foreach (var (name, value) in Settings(app, port))
        {
            start.Environment[name] = value;
        }
        // Some machines set CONTAINER_NAME, which switches the host to its Linux Consumption mode (mesh, remote
        // payloads): this host runs as it does locally and on a dedicated plan.
        start.Environment.Remove("CONTAINER_NAME");

        _host = new Process { StartInfo = start };
        _host.OutputDataReceived += (_, e) => Capture(e.Data);
        _host.ErrorDataReceived += (_, e) => Capture(e.Data);
        if (!_host.Start())
        {
            throw new InvalidOperationException($"The Functions host ({start.FileName}) did not start.");
        }
        _host.BeginOutputReadLine();
        _host.BeginErrorReadLine();

        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        await WaitForHealthAsync();
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_host is not null)
        {
            // The host starts the worker as its child process: stop both.
            if (!_host.HasExited)
            {
                _host.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await _host.WaitForExitAsync(timeout.Token);
            }
            _host.Dispose();
        }
        await Azurite.DisposeAsync();
        foreach (var directory in _temporaryDirectories)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The host's settings (its README) and the platform's: Azure storage on Azurite, the admin token, loopback targets allowed.</summary>
    private Dictionary<string, string> Settings(string app, int port)
    {
        var dataDirectory = TemporaryDirectory("functions-host-data-");
        return new()
        {
            ["AzureWebJobsScriptRoot"] = app,
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            ["languageWorkers__dotnet-isolated__workerDirectory"] = app,
            ["languageWorkers__workersDirectory"] = TemporaryDirectory("functions-host-workers-"),
            ["AzureWebJobsStorage"] = Azurite.ConnectionString,
            ["AzureWebJobsSecretStorageType"] = "files",
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/'),
            ["WEBSITE_HOSTNAME"] = $"127.0.0.1:{port}",
            ["STORAGE"] = "azure",
            // No Key Vault here: secrets stay AES-GCM encrypted under DATA_DIR (docs/hosting.md).
            ["DATA_DIR"] = dataDirectory,
            ["ADMIN_API_TOKEN"] = AdminToken,
            ["ALLOW_PRIVATE_NETWORK_TARGETS"] = "true",
        };
    }

    private static ProcessStartInfo HostCommand(string app, int port)
    {
        var configured = Environment.GetEnvironmentVariable("FUNCTIONS_HOST_DIR");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(Path.Combine(configured, HostAssembly))
                ? HostAt(configured)
                : throw new InvalidOperationException($"FUNCTIONS_HOST_DIR={configured} holds no {HostAssembly}.");
        }
        var beside = Path.GetFullPath(Path.Combine(RepositoryRoot.Path, "..", "shared", "functions-host", "host"));
        if (File.Exists(Path.Combine(beside, HostAssembly)))
        {
            return HostAt(beside);
        }
        if (FindOnPath("func") is { } func)
        {
            var start = new ProcessStartInfo(func) { WorkingDirectory = app };
            foreach (var argument in new[] { "start", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--script-root", app })
            {
                start.ArgumentList.Add(argument);
            }
            return start;
        }
        throw new InvalidOperationException(
            $"No Azure Functions host: set FUNCTIONS_HOST_DIR to a folder holding {HostAssembly}, put it at {beside}, or install Core Tools (func) on PATH.");
    }

    private static ProcessStartInfo HostAt(string directory)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory };
        start.ArgumentList.Add(Path.Combine(directory, HostAssembly));
        return start;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    private async Task WaitForHealthAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        while (true)
        {
            if (_host!.HasExited)
            {
                throw new InvalidOperationException($"The Functions host exited with code {_host.ExitCode} before answering /health.\n--- output ---\n{Output}");
            }
            try
            {
                using var response = await probe.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The Functions host did not answer /health within {StartTimeout}.\n--- output ---\n{Output}");
            }
            await Task.Delay(250);
        }
    }

    private string TemporaryDirectory(string prefix)
    {
        var directory = Directory.CreateTempSubdirectory(prefix).FullName;
        _temporaryDirectories.Add(directory);
        return directory;
    }

    private void Capture(string? line)
    {
        // The host writes structured copies of every log line for Azure Monitor: only the readable ones are kept.
        if (line is null || line.StartsWith("MS_FUNCTION_", StringComparison.Ordinal))
        {
            return;
        }
        _output.Enqueue(line);
        while (_output.Count > 400 && _output.TryDequeue(out _))
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class FunctionsHostCollection : ICollectionFixture<FunctionsHostFixture>
{
    public const string Name = "Functions host";
}
