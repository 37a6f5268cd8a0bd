using System.Diagnostics;
using Serverless.Functions.Tests.Hosting;

namespace Serverless.Functions.Tests.FunctionApp;

/// <summary>
/// <c>dotnet publish functions -c Release</c>, run once per test run and shared by every test that needs the
/// published app (its layout, functions.metadata, the real Functions host); removed when the test process exits.
/// </summary>
internal static class PublishedFunctionApp
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(6);
    private static readonly Lazy<Task<string>> Output = new(PublishAsync);

    /// <summary>The publish folder: what azd zips and the Functions host runs.</summary>
    public static Task<string> DirectoryAsync() => Output.Value;

    private static async Task<string> PublishAsync()
    {
        var output = Directory.CreateTempSubdirectory("function-app-publish-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(output, recursive: true);
            }
            catch (IOException)
            {
            }
        };

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "publish", RepositoryRoot.Combine("functions"), "-c", "Release", "-o", output, "--nologo" })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"dotnet publish functions did not finish within {Timeout}.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish functions failed with exit code {process.ExitCode}:\n{await stdout}{await stderr}");
        }
        return output;
    }
}
