using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Serverless.Functions.Tests.Infrastructure;

/// <summary>
/// A server started as its own process (<c>dotnet &lt;app&gt;.dll</c>) on a free loopback port, the way an operator runs
/// it: the platform (the functions project's build output) or, in the benchmarks (which link this file), an anchor app.
/// </summary>
internal sealed class PlatformProcess : IAsyncDisposable
{
    private readonly Process _process;

    private PlatformProcess(Process process, Uri address, TimeSpan startedIn)
    {
        _process = process;
        Address = address;
        StartedIn = startedIn;
    }

    public Uri Address { get; }

    /// <summary>From process start to the first successful answer of <c>GET /health</c>.</summary>
    public TimeSpan StartedIn { get; }

    /// <summary>CPU time the server process has used so far (user + kernel).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The platform as the test project's build output holds it (it references the functions project).</summary>
    public static string PlatformAssembly => Path.Combine(AppContext.BaseDirectory, "Serverless.Functions.dll");

    /// <summary>Starts <paramref name="assembly"/> and waits until <c>/health</c> answers 200.</summary>
    public static async Task<PlatformProcess> StartAsync(string assembly, IReadOnlyDictionary<string, string> environment, TimeSpan? timeout = null)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(assembly);
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var stopwatch = Stopwatch.StartNew();
        var process = Process.Start(start)!;
        // Drain the pipes so a chatty server never blocks on a full one.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = timeout ?? TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                using var response = await probe.GetAsync(new Uri(address, "/health"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return new PlatformProcess(process, address, stopwatch.Elapsed);
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (process.HasExited || stopwatch.Elapsed > deadline)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{Path.GetFileName(assembly)} did not answer /health within {deadline} (exited: {process.HasExited}).");
            }

            await Task.Delay(2);
        }
    }

    /// <summary>Ends the process at once (SIGKILL, as <c>kill -9</c>): nothing is flushed, no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>Stops the server as an operator would (SIGTERM, so traces and logs are flushed), killing it after 10 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var terminate = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await terminate.WaitForExitAsync();
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    /// <summary>A loopback port nothing listens on (for the benchmarks' other servers too).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
