using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Serverless.Functions.Storage.Azure;
using Xunit;

namespace Serverless.Storage.Tests.Azure;

/// <summary>
/// A real Azurite (blob, queue, table) on three free loopback ports, shared by every Azure test. Azurite is
/// installed with npm into a cache folder on first use and reused afterwards. When it cannot be installed or
/// started the tests fail with the reason: they never skip.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string AzuriteVersion = "3.37.0";
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Azurite's well-known development account (public, documented key).</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    internal AzureStorageOptions Options => new() { ConnectionString = ConnectionString, MaxRetries = 1 };

    /// <summary>SDK clients of this Azurite, for the stores under test and for looking at what they stored.</summary>
    internal AzureStorageClients Clients => new(Options);

    /// <summary>The blob, queue and table ports, for processes started against this Azurite.</summary>
    public (int Blob, int Queue, int Table) Ports { get; private set; }

    public async Task InitializeAsync()
    {
        var script = await EnsureInstalledAsync();
        var (blob, queue, table) = FreePorts();
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            script, "--silent", "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck", "--loose",
            "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(), "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(),
            "--tableHost", "127.0.0.1", "--tablePort", table.ToString(),
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process = StartCapturing(start, "node (Azurite)");
        await WaitUntilListeningAsync([blob, queue, table]);
        Ports = (blob, queue, table);
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={DevelopmentAccountName};AccountKey={DevelopmentAccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
    }

    public async Task DisposeAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await process.WaitForExitAsync(timeout.Token);
            }

            process.Dispose();
        }
    }

    /// <summary>The cache folder: <c>$AZURITE_HOME</c>, else <c>~/.cache/serverless-platform/azurite</c>.</summary>
    public static string Home =>
        Environment.GetEnvironmentVariable("AZURITE_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "serverless-platform", "azurite");

    private async Task<string> EnsureInstalledAsync()
    {
        var home = Home;
        var script = Path.Combine(home, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (InstalledVersion(home) == AzuriteVersion && File.Exists(script))
        {
            return script;
        }

        Directory.CreateDirectory(home);
        // Several test processes may start at once: one installs, the others wait on the lock.
        await using var installLock = await AcquireLockAsync(Path.Combine(home, ".install.lock"));
        if (InstalledVersion(home) == AzuriteVersion && File.Exists(script))
        {
            return script;
        }

        var install = new ProcessStartInfo("npm")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "install", "--prefix", home, "--no-audit", "--no-fund", "--loglevel=error", $"azurite@{AzuriteVersion}" })
        {
            install.ArgumentList.Add(argument);
        }

        using var npm = StartCapturing(install, "npm");
        using var timeout = new CancellationTokenSource(InstallTimeout);
        try
        {
            await npm.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            npm.Kill(entireProcessTree: true);
            throw Failure($"npm install azurite@{AzuriteVersion} into {home} did not finish within {InstallTimeout}.");
        }

        if (npm.ExitCode != 0 || !File.Exists(script))
        {
            throw Failure($"npm install azurite@{AzuriteVersion} into {home} failed with exit code {npm.ExitCode}.");
        }

        return script;
    }

    private static string? InstalledVersion(string home)
    {
        var manifest = Path.Combine(home, "node_modules", "azurite", "package.json");
        if (!File.Exists(manifest))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(manifest));
        return document.RootElement.TryGetProperty("version", out var version) ? version.GetString() : null;
    }

    private static async Task<FileStream> AcquireLockAsync(string path)
    {
        var deadline = DateTime.UtcNow + InstallTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    private Process StartCapturing(ProcessStartInfo start, string what)
    {
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        try
        {
            process.Start();
        }
        catch (Exception exception)
        {
            process.Dispose();
            throw new InvalidOperationException($"Azurite: cannot run {what} ({exception.Message}); the Azure storage tests need node and npm on PATH.", exception);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }

    private async Task WaitUntilListeningAsync(int[] ports)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        foreach (var port in ports)
        {
            while (true)
            {
                if (_process!.HasExited)
                {
                    throw Failure($"Azurite exited with code {_process.ExitCode} before listening.");
                }

                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(50);
                }
                catch (SocketException)
                {
                    throw Failure($"Azurite did not listen on 127.0.0.1:{port} within {StartTimeout}.");
                }
            }
        }
    }

    private InvalidOperationException Failure(string reason) =>
        new($"{reason}\n--- output ---\n{string.Join('\n', _output)}");

    private static (int Blob, int Queue, int Table) FreePorts()
    {
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        foreach (var listener in listeners)
        {
            listener.Start();
        }

        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var listener in listeners)
        {
            listener.Stop();
        }

        return (ports[0], ports[1], ports[2]);
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
