using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Serverless.Functions.Tests.Hosting;
using Xunit;

namespace Serverless.Functions.Tests.Infra;

/// <summary>What azd zips: <c>dotnet publish functions -c Release</c> must be a complete Functions app root.</summary>
public sealed class PublishOutputTests
{
    [Fact]
    public async Task Publish_output_is_a_functions_app_root_whose_handler_starts_as_host_json_says()
    {
        var output = Path.Combine(Path.GetTempPath(), "hosting-publish-" + Guid.NewGuid().ToString("N"));
        var dataDirectory = Path.Combine(output, ".data-test");
        try
        {
            var (exitCode, log) = await RunAsync("dotnet", ["publish", RepositoryRoot.Combine("functions"), "-c", "Release", "-o", output, "--nologo"], TimeSpan.FromMinutes(4));
            Assert.True(exitCode == 0, "dotnet publish failed:\n" + log);

            Assert.Equal(File.ReadAllText(RepositoryRoot.Combine("host.json")), File.ReadAllText(Path.Combine(output, "host.json")));
            foreach (var folder in Directory.GetDirectories(RepositoryRoot.Combine("functions", "FunctionApp")))
            {
                var name = Path.GetFileName(folder);
                Assert.Equal(File.ReadAllText(Path.Combine(folder, "function.json")), File.ReadAllText(Path.Combine(output, name, "function.json")));
            }
            Assert.False(Directory.Exists(Path.Combine(output, "FunctionApp")), "function folders must sit at the app root, not under FunctionApp/");

            // Start the handler exactly as the Functions host would, and wait for it to answer on its port.
            using var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "host.json")));
            var description = hostJson.RootElement.GetProperty("customHandler").GetProperty("description");
            var port = FreePort();
            var start = new ProcessStartInfo(description.GetProperty("defaultExecutablePath").GetString()!)
            {
                WorkingDirectory = output,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in description.GetProperty("arguments").EnumerateArray())
            {
                start.ArgumentList.Add(argument.GetString()!);
            }
            start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["DATA_DIR"] = dataDirectory;
            start.Environment["ASPNETCORE_URLS"] = "http://0.0.0.0:1";
            using var handler = Process.Start(start)!;
            try
            {
                handler.OutputDataReceived += (_, _) => { };
                handler.ErrorDataReceived += (_, _) => { };
                handler.BeginOutputReadLine();
                handler.BeginErrorReadLine();
                using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(2) };
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
                HttpStatusCode? status = null;
                while (status is null && DateTime.UtcNow < deadline && !handler.HasExited)
                {
                    try
                    {
                        using var response = await client.GetAsync("/health");
                        status = response.StatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        await Task.Delay(100);
                    }
                }
                Assert.False(handler.HasExited, "the handler exited during startup");
                Assert.Equal(HttpStatusCode.OK, status);
            }
            finally
            {
                handler.Kill(entireProcessTree: true);
                await handler.WaitForExitAsync();
            }
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int ExitCode, string Log)> RunAsync(string file, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
