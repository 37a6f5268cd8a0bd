using System.Runtime.InteropServices;
using Serverless.Functions.Tests.Hosting;
using Serverless.Functions.Tests.Infrastructure;

namespace Serverless.Benchmarks.Scenarios;

/// <summary>
/// Issue 16, start-up: time from process start to the first 200 of <c>GET /health</c>, for the platform on a fresh
/// data directory and on an existing one, against a bare ASP.NET Core app (one <c>MapGet</c>). Both are published in
/// the same run the way a deployment publishes (<c>dotnet publish -c Release -r &lt;this runtime&gt;</c>, which makes the
/// platform ReadyToRun). Runs alternate between the three so that machine load hits them alike; the median of each
/// is compared (goal: at most 1.5 times the bare app).
/// </summary>
internal static class StartupScenario
{
    public const string Name = "startup";

    public static async Task RunAsync(ScenarioOptions options)
    {
        var runs = options.Get("runs", 9);
        var work = Directory.CreateTempSubdirectory("bench-startup-").FullName;
        try
        {
            var bare = await BuildBareAppAsync(Path.Combine(work, "bare"));
            var platform = await ReleasePublish.PublishAsync(Path.Combine(RepositoryRoot.Path, "functions"), Path.Combine(work, "platform"), "Serverless.Functions.dll");
            var existing = Path.Combine(work, "existing-data");
            var token = new string('t', 40);
            // The existing directory: a first start creates its database, key and admin token.
            await (await PlatformProcess.StartAsync(platform, Settings(existing, token))).DisposeAsync();

            var times = new Dictionary<string, List<double>> { ["bare"] = [], ["fresh"] = [], ["existing"] = [] };
            for (var run = 0; run < runs; run++)
            {
                times["bare"].Add(await TimeStartAsync(bare, new Dictionary<string, string>()));
                var fresh = Path.Combine(work, $"fresh-{run}");
                times["fresh"].Add(await TimeStartAsync(platform, Settings(fresh, token)));
                times["existing"].Add(await TimeStartAsync(platform, Settings(existing, token)));
            }

            var bareMedian = new Percentiles(times["bare"]).Median;
            Console.WriteLine($"start to first /health answer, median of {runs} alternating runs (Release, published for {RuntimeInformation.RuntimeIdentifier}):");
            Console.WriteLine($"  bare ASP.NET Core app   {bareMedian:0} ms");
            foreach (var kind in new[] { "fresh", "existing" })
            {
                var median = new Percentiles(times[kind]).Median;
                var ratio = median / bareMedian;
                Console.WriteLine($"  platform, {kind,-8} data  {median:0} ms = {ratio:0.00}x bare; goal <= 1.5x: {(ratio <= 1.5 ? "met" : "NOT met")}");
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static Dictionary<string, string> Settings(string dataDirectory, string token) =>
        new() { ["DATA_DIR"] = dataDirectory, ["ADMIN_API_TOKEN"] = token };

    private static async Task<double> TimeStartAsync(string assembly, IReadOnlyDictionary<string, string> environment)
    {
        await using var server = await PlatformProcess.StartAsync(assembly, environment);
        return server.StartedIn.TotalMilliseconds;
    }

    /// <summary>Writes and publishes the anchor: the smallest ASP.NET Core app that answers <c>/health</c> like the platform.</summary>
    private static async Task<string> BuildBareAppAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "bare.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <PublishReadyToRun>true</PublishReadyToRun>
              </PropertyGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(directory, "Program.cs"), """
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.MapGet("/health", () => Results.Json(new { status = "ok" }));
            app.Run();
            """);
        // Outside the repository, so that its Directory.Build.props and central package versions do not apply.
        return await ReleasePublish.PublishAsync(directory, Path.Combine(directory, "out"), "bare.dll");
    }
}
