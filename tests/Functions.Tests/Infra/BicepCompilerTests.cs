using System.Diagnostics;
using System.Reflection;
using Serverless.Functions.Tests.Hosting;
using Xunit;

namespace Serverless.Functions.Tests.Infra;

/// <summary>
/// <c>infra/main.bicep</c> through the real Bicep compiler (restored from NuGet by this project): it must build
/// against Azure's resource type definitions and pass the linter without a single warning.
/// </summary>
public sealed class BicepCompilerTests
{
    private const string CompilerPackage = "azure.bicep.commandline.linux-x64";
    private const string CompilerVersion = "0.49.2";

    [Fact]
    public async Task Main_template_builds_without_errors_or_warnings()
    {
        var (exitCode, output) = await RunBicepAsync("build", RepositoryRoot.Combine("infra", "main.bicep"), "--stdout");

        Assert.True(exitCode == 0, "bicep build failed:\n" + Diagnostics(output));
        Assert.True(Diagnostics(output).Length == 0, "bicep build reported:\n" + Diagnostics(output));
        Assert.Contains("\"Microsoft.Web/sites\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_template_passes_the_linter()
    {
        var (exitCode, output) = await RunBicepAsync("lint", RepositoryRoot.Combine("infra", "main.bicep"));

        Assert.True(exitCode == 0 && output.Trim().Length == 0, $"bicep lint exited {exitCode}:\n{output}");
    }

    [Fact]
    public async Task The_compiler_reports_a_linter_warning_it_is_given()
    {
        // The check above is only worth something if the compiler speaks up: an unused parameter is a linter warning.
        var path = Path.Combine(Path.GetTempPath(), $"unused-{Guid.NewGuid():N}.bicep");
        await File.WriteAllTextAsync(path, "param forgotten string = ''\n");
        try
        {
            var (_, output) = await RunBicepAsync("lint", path);

            Assert.Contains("no-unused-params", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Error and warning lines of the compiler's output (the compiled template itself is not one).</summary>
    private static string Diagnostics(string output) =>
        string.Join('\n', output.Split('\n').Where(line => line.Contains(": Warning ", StringComparison.Ordinal) || line.Contains(": Error ", StringComparison.Ordinal)));

    private static async Task<(int ExitCode, string Output)> RunBicepAsync(params string[] arguments)
    {
        var compiler = Compiler();
        var start = new ProcessStartInfo(compiler) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // No telemetry and no update checks from a test run.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stderr + await stdout);
    }

    private static string Compiler()
    {
        var packageRoot = typeof(BicepCompilerTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NuGetPackageRoot").Value!;
        var compiler = Path.Combine(packageRoot, CompilerPackage, CompilerVersion, "tools", "bicep");
        Assert.True(File.Exists(compiler), $"the Bicep compiler is missing at {compiler}: restore tests/Functions.Tests (its PackageDownload brings it)");
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the Bicep compiler restored here is the linux-x64 build");
        }
        // NuGet extracts files without their execute bit.
        File.SetUnixFileMode(compiler, File.GetUnixFileMode(compiler) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        return compiler;
    }
}
