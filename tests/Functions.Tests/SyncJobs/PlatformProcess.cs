using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Serverless.Functions.Tests.SyncJobs;

/// <summary>
/// The platform server as a real process, started standalone (<c>dotnet Serverless.Functions.dll</c>, no Functions host)
/// on a free loopback port, so that a test can kill it with SIGKILL.
/// </summary>
internal sealed class PlatformProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private PlatformProcess(Process process, Uri baseAddress, string token)
    {
        _process = process;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Uri BaseAddress { get; }

    /// <summary>A client sending the admin token.</summary>
    public HttpClient Client { get; }

    public string Output => string.Join('\n', _output.TakeLast(80));

    /// <summary>Starts the server with <paramref name="settings"/> (environment variables) and waits for <c>/health</c>.</summary>
    public static async Task<PlatformProcess> StartAsync(IReadOnlyDictionary<string, string> settings, string token)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        start.WorkingDirectory = Path.GetDirectoryName(typeof(Program).Assembly.Location)!;
        foreach (var (name, value) in settings) start.Environment[name] = value;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ADMIN_API_TOKEN"] = token;
        start.Environment["ALLOW_PRIVATE_NETWORK_TARGETS"] = "true";
        start.Environment.Remove("CONTAINER_NAME");
        var process = new Process { StartInfo = start };
        var platform = new PlatformProcess(process, new Uri($"http://127.0.0.1:{port}"), token);
        process.OutputDataReceived += (_, e) => platform.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => platform.Capture(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"the platform exited with {process.ExitCode}:\n{platform.Output}");
            try
            {
                using var response = await platform.Client.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK) return platform;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the platform did not answer /health:\n{platform.Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        Client.Dispose();
        _process.Dispose();
    }

    private void Capture(string? line)
    {
        if (line is null) return;
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
