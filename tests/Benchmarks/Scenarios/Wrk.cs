using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Serverless.Benchmarks.Scenarios;

/// <summary>One run of <c>wrk -t1 --latency</c> (the Debian package's binary) and the figures it prints.</summary>
internal static partial class Wrk
{
    /// <summary>Requests per second and the median latency of one run; fails when any answer was not a 2xx or a socket failed.</summary>
    public sealed record Result(double RequestsPerSecond, double MedianMs);

    public static async Task<Result> RunAsync(Uri url, int connections, TimeSpan duration, string? bearerToken)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        var arguments = new List<string> { "-t1", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", "--timeout", "10s" };
        if (bearerToken is not null)
        {
            arguments.AddRange(["-H", "Authorization: Bearer " + bearerToken]);
        }

        arguments.Add(url.ToString());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException("wrk is not installed (apt-get install -y wrk; tests/Benchmarks/run-performance.sh installs it)", exception);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var output = await stdout;
            if (process.ExitCode != 0 || NonSuccess().IsMatch(output) || output.Contains("Socket errors", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"wrk {url} (c={connections}) failed or got errors:\n{output}\n{await stderr}");
            }

            var rate = double.Parse(Rate().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            var median = Median().Match(output);
            var value = double.Parse(median.Groups[1].Value, CultureInfo.InvariantCulture);
            var ms = median.Groups[2].Value switch { "us" => value / 1000, "ms" => value, "s" => value * 1000, var unit => throw new FormatException($"wrk latency unit '{unit}'") };
            return new Result(rate, ms);
        }
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex Rate();

    [GeneratedRegex(@"^\s+50%\s+([0-9.]+)(us|ms|s)\s*$", RegexOptions.Multiline)]
    private static partial Regex Median();

    [GeneratedRegex(@"Non-2xx or 3xx responses")]
    private static partial Regex NonSuccess();
}
