using System.Diagnostics;
using System.Reflection;
using Serverless.Functions.Tests.Hosting;

namespace Serverless.Functions.Tests.FunctionApp;

/// <summary>
/// <c>dotnet publish functions --no-build</c> in the configuration these tests were built in, run once per test run and
/// shared by every test that needs the published app (its layout, functions.metadata, the real Functions host); removed
/// when the test process exits. Building the tests built the Function App (a project reference), so publishing only lays
/// out what is built, as azd's <c>-c Release</c> publish does: a few seconds instead of a second compile of core and
/// functions (about 100 s on a busy CI machine).
/// </summary>
internal static class PublishedFunctionApp
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(6);
    private static readonly Lazy<Task<string>> Output = new(PublishAsync);

    // The tests' own configuration is the Function App's: the project reference builds it alongside.
    private static readonly string Configuration =
        typeof(PublishedFunctionApp).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

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
        foreach (var argument in new[] { "publish", RepositoryRoot.Combine("functions"), "-c", Configuration, "--no-build", "-o", output, "--nologo" })
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
