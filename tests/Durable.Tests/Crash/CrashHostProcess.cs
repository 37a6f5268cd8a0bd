using System.Collections.Concurrent;
using System.Diagnostics;
using Serverless.Durable.CrashHost;

namespace Serverless.Durable.Tests.Crash;

/// <summary>The crash host program as a child process, its output collected line by line.</summary>
internal sealed class CrashHostProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _lineArrived = new(0);

    private CrashHostProcess(Process process)
    {
        _process = process;
    }

    public static CrashHostProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        var program = typeof(CrashTasks).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(program);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var host = new CrashHostProcess(process);
        process.OutputDataReceived += (_, e) => host.Add(e.Data);
        process.ErrorDataReceived += (_, e) => host.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits for a line starting with <paramref name="prefix"/>; fails with the output so far.</summary>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var seen = new List<string>();
        while (true)
        {
            while (_lines.TryDequeue(out var line))
            {
                seen.Add(line);
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line;
                }
            }

            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero || (_process.HasExited && _lines.IsEmpty))
            {
                var exit = "no";
                if (_process.HasExited)
                {
                    // Once exited, this waits for the redirected streams to end, so that what the host wrote last (an
                    // unhandled exception on stderr) is in the message rather than still on its way.
                    _process.WaitForExit();
                    seen.AddRange(_lines);
                    exit = $"yes, code {_process.ExitCode}";
                }

                throw new InvalidOperationException($"The crash host printed no '{prefix}' line (exited: {exit}). Output:\n{string.Join('\n', seen.TakeLast(60))}");
            }

            await _lineArrived.WaitAsync(remaining < TimeSpan.FromSeconds(1) ? remaining : TimeSpan.FromSeconds(1));
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

        _process.Dispose();
        _lineArrived.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
            _lineArrived.Release();
        }
    }
}
