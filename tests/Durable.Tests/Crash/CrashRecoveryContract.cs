using System.Diagnostics;
using System.Text.Json;
using Serverless.Durable.CrashHost;
using Xunit;
using Xunit.Abstractions;

namespace Serverless.Durable.Tests.Crash;

/// <summary>
/// The standalone Durable host (<c>Durable.CrashHost</c>: the server's own engine composition with a test
/// workload) run as a real process and killed with SIGKILL at random points while orchestrations run, twenty
/// times, each time restarted on the same data; a last run waits for everything. Every orchestration must complete
/// with its expected output; activities that ran more than once are counted and reported.
/// </summary>
public abstract class CrashRecoveryContract(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 20;
    private const int NewPerRun = 2;
    private readonly string _directory = Directory.CreateTempSubdirectory("durable-crash-").FullName;

    protected abstract IReadOnlyDictionary<string, string> BackendSettings(string directory);

    [Fact]
    public async Task Every_orchestration_completes_with_its_output_after_twenty_kills()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var log = Path.Combine(_directory, "activities.log");
        var started = Stopwatch.StartNew();
        for (var run = 0; run < Kills; run++)
        {
            using var host = Start(log, run * NewPerRun, final: false);
            await host.WaitForLineAsync("READY", TimeSpan.FromSeconds(90));
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(200, 2500)));
            host.Kill();
        }

        using var last = Start(log, Kills * NewPerRun, final: true);
        var result = await last.WaitForLineAsync("RESULT ", TimeSpan.FromMinutes(10));
        var outcomes = JsonSerializer.Deserialize<Dictionary<string, Outcome>>(result["RESULT ".Length..], JsonSerializerOptions.Web)!;

        var total = Kills * NewPerRun + NewPerRun;
        Assert.Equal(total, outcomes.Count);
        for (var number = 0; number < total; number++)
        {
            var outcome = outcomes[CrashTasks.InstanceId(number)];
            Assert.Equal("Completed", outcome.Status);
            Assert.Equal(CrashTasks.ExpectedOutput(number), outcome.Output);
        }

        var executions = File.ReadAllLines(log).GroupBy(line => line).ToDictionary(g => g.Key, g => g.Count());
        var expected = Enumerable.Range(0, total)
            .SelectMany(number => Enumerable.Range(0, CrashTasks.Steps).SelectMany(step => CrashTasks.StepKeys(number, step)))
            .ToHashSet();
        Assert.Empty(expected.Except(executions.Keys));
        Assert.Empty(executions.Keys.Except(expected));
        var repeated = executions.Where(e => e.Value > 1).ToList();
        output.WriteLine($"seed {seed}: {Kills} kills in {started.Elapsed.TotalSeconds:F1} s; {total} orchestrations, {expected.Count} activities, " +
            $"{executions.Values.Sum()} executions, {repeated.Count} activities ran more than once ({repeated.Sum(e => e.Value - 1)} extra runs)" +
            (repeated.Count > 0 ? ": " + string.Join(", ", repeated.Select(e => $"{e.Key}x{e.Value}")) : ""));
    }

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
        GC.SuppressFinalize(this);
    }

    private CrashHostProcess Start(string log, int first, bool final)
    {
        var settings = new Dictionary<string, string>(BackendSettings(_directory))
        {
            ["CRASH_LOG"] = log,
            ["CRASH_START"] = first.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CRASH_COUNT"] = NewPerRun.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CRASH_FINAL"] = final ? "true" : "false",
        };
        return CrashHostProcess.Start(settings);
    }

    private sealed record Outcome(string Status, string? Output);
}
