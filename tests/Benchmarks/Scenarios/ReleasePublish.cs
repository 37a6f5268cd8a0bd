using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Serverless.Benchmarks.Scenarios;

/// <summary>
/// <c>dotnet publish -c Release -r &lt;this runtime&gt;</c>, the way a deployment publishes (the platform and the anchors
/// are then ReadyToRun), for the scenarios that start servers as processes.
/// </summary>
internal static class ReleasePublish
{
    /// <returns>The path of <paramref name="assembly"/> in <paramref name="output"/>.</returns>
    public static async Task<string> PublishAsync(string project, string output, string assembly)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "publish", project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "false", "-o", output, "--nologo" })
        {
            start.ArgumentList.Add(argument);
        }

        using var publish = Process.Start(start)!;
        var stdout = publish.StandardOutput.ReadToEndAsync();
        var stderr = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        return publish.ExitCode == 0
            ? Path.Combine(output, assembly)
            : throw new InvalidOperationException($"dotnet publish {project} failed:\n{await stdout}\n{await stderr}");
    }
}
