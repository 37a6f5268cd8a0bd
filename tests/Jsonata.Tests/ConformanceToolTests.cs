using System.Diagnostics;
using System.Text.RegularExpressions;
using Serverless.JsonataConformance;
using Xunit;

namespace Serverless.Jsonata.Tests;

/// <summary>
/// The <c>tests/JsonataConformance</c> console tool itself, run as a process the way CI and engineers
/// run it: its suite verdict and exit code, and the eval and bench verbs' output formats.
/// </summary>
public sealed partial class ConformanceToolTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("jsonata-tool-").FullName;

    [Fact]
    public void The_tool_runs_the_official_suite_and_every_case_passes()
    {
        var (exit, output) = RunTool(SuiteLocation.Directory);

        Assert.Equal(0, exit);
        Assert.Equal("1686 passed, 0 failed", output.TrimEnd().Split('\n')[^1]);
    }

    [Fact]
    public void The_tool_prints_each_unlisted_failure_and_exits_with_failure()
    {
        var group = Directory.CreateDirectory(Path.Combine(_scratch, "suite", "groups", "demo")).FullName;
        Directory.CreateDirectory(Path.Combine(_scratch, "suite", "datasets"));
        File.WriteAllText(Path.Combine(group, "case000.json"), """{"expr": "1 + 1", "data": null, "bindings": {}, "result": 2}""");
        File.WriteAllText(Path.Combine(group, "case001.json"), """{"expr": "'a' & 'b'", "data": null, "bindings": {}, "result": "wrong"}""");

        var (exit, output) = RunTool(Path.Combine(_scratch, "suite"));

        Assert.Equal(1, exit);
        Assert.Contains("FAIL demo/case001", output, StringComparison.Ordinal);
        Assert.Contains("expected: \"wrong\"", output, StringComparison.Ordinal);
        Assert.Contains("got:      \"ab\"", output, StringComparison.Ordinal);
        Assert.Contains("1 passed, 1 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_suite_the_tool_says_where_it_looked_and_how_to_get_it()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_scratch, "empty")).FullName;

        var run = RunTool(new Dictionary<string, string> { [SuiteDirectory.Variable] = empty });

        Assert.Equal(2, run.Exit);
        Assert.Contains($"not at {empty}", run.Errors, StringComparison.Ordinal);
        Assert.Contains("test/test-suite folder of the jsonata-js repository", run.Errors, StringComparison.Ordinal);
        Assert.Contains(SuiteDirectory.Variable, run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_prints_the_result_undefined_or_the_error()
    {
        var input = Path.Combine(_scratch, "input.json");
        File.WriteAllText(input, """{"a": [1, 2, 3]}""");
        var bindings = Path.Combine(_scratch, "bindings.json");
        File.WriteAllText(bindings, """{"factor": 10}""");

        Assert.Equal("60", RunTool("eval", "$sum(a) * $factor", input, "--bindings", bindings).Output.Trim());
        Assert.Equal("undefined", RunTool("eval", "missing", input).Output.Trim());
        Assert.StartsWith("error T2001: ", RunTool("eval", "'x' + 1").Output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_prints_median_p99_and_compile_times()
    {
        var input = Path.Combine(_scratch, "input.json");
        File.WriteAllText(input, """{"users": [{"first": "Ada"}, {"first": "Alan"}]}""");

        var (exit, output) = RunTool("bench", "users.first", input, "--iterations", "200");

        Assert.Equal(0, exit);
        Assert.Matches(BenchLine(), output);
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [GeneratedRegex(@"median_us=\d+(\.\d+)? p99_us=\d+(\.\d+)? compile_us=\d+(\.\d+)?")]
    private static partial Regex BenchLine();

    private static ToolRun RunTool(params string[] args) => RunTool(new Dictionary<string, string>(), args);

    private static ToolRun RunTool(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        // The tool is referenced by this project, so its assembly sits next to the tests.
        var host = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "JsonataConformance.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "the conformance tool did not finish");
        return new ToolRun(process.ExitCode, stdout, stderr.Result);
    }

    private sealed record ToolRun(int Exit, string Output, string Errors)
    {
        public void Deconstruct(out int exit, out string output) => (exit, output) = (Exit, Output);
    }
}
