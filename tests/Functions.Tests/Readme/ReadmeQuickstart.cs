using System.Diagnostics;
using Serverless.Functions.Tests.Hosting;
using Xunit;

namespace Serverless.Functions.Tests.Readme;

/// <summary>The README's curl quickstart, run as written against a live platform, and what it must print.</summary>
internal static class ReadmeQuickstart
{
    /// <summary>Runs the curl block against <paramref name="baseUrl"/> with <paramref name="adminToken"/> in <c>.token</c>, and checks every answer.</summary>
    public static async Task RunAndCheckAsync(Uri baseUrl, string adminToken)
    {
        var script = ExtractQuickstartCurlBlock(File.ReadAllText(RepositoryRoot.Combine("README.md")));
        Assert.Contains("BASE=http://localhost:7071", script, StringComparison.Ordinal);
        var workingDirectory = Directory.CreateTempSubdirectory("readme-quickstart-").FullName;
        try
        {
            // The first block saves the admin token to .token; the second reads it back from there.
            await File.WriteAllTextAsync(Path.Combine(workingDirectory, ".token"), adminToken + "\n");
            var (exitCode, output, error) = await RunBashAsync(
                script.Replace("BASE=http://localhost:7071", "BASE=" + baseUrl.ToString().TrimEnd('/'), StringComparison.Ordinal), workingDirectory);

            Assert.True(exitCode == 0, $"quickstart exited {exitCode}: {error}\n{output}");
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("{\"status\":\"ok\"}", lines[0]);
            Assert.Contains("\"name\":\"acme\"", lines[1], StringComparison.Ordinal);
            Assert.Contains("\"is_enabled\":true", lines[2], StringComparison.Ordinal);
            Assert.Contains("\"context\":{\"api_key\":\"********\"}", lines[3], StringComparison.Ordinal);
            Assert.StartsWith("{\"result\":[{", lines[4], StringComparison.Ordinal);
            Assert.Contains("\"tenant_id\":\"customer-42\"", lines[4], StringComparison.Ordinal);
            Assert.Contains("\"message\":\"$.context.api_key: required\"", lines[5], StringComparison.Ordinal);
            Assert.DoesNotContain("sk_live_123", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    /// <summary>The second ```bash block of the Quickstart section: the one run in the other terminal.</summary>
    private static string ExtractQuickstartCurlBlock(string readme)
    {
        var start = readme.IndexOf("## Quickstart", StringComparison.Ordinal);
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = readme[start..end];
        var blocks = section.Split("```bash\n");
        Assert.True(blocks.Length >= 3, "the Quickstart section should have a server block and a curl block");
        return blocks[2][..blocks[2].IndexOf("\n```", StringComparison.Ordinal)];
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunBashAsync(string script, string workingDirectory)
    {
        var startInfo = new ProcessStartInfo("bash", ["-euo", "pipefail", "-s"])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(startInfo)!;
        await process.StandardInput.WriteAsync(script);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
