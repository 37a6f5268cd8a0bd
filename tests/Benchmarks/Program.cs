using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Serverless.Benchmarks.Scenarios;

namespace Serverless.Benchmarks;

public static class BenchmarkEntryPoint
{
    /// <summary>
    /// <c>scenario &lt;name&gt; [--option value]...</c> runs one end-to-end scenario (servers as processes, figures and
    /// ratios printed); anything else goes to BenchmarkDotNet.
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        // The sync job throughput run is one long end-to-end measurement, not a BenchmarkDotNet case.
        if (args is ["sync", .. var rest])
        {
            await SyncJobs.SyncThroughputBenchmark.RunAsync(rest);
            return 0;
        }
        if (args is ["sync-bare", .. var bare])
        {
            await SyncJobs.SyncThroughputBenchmark.BareProcessAsync(bare);
            return 0;
        }

        if (args.Length > 0 && args[0] == "scenario")
        {
            return await Scenario.RunAsync(args.Length > 1 ? args[1] : "", new ScenarioOptions(args[2..]));
        }

        // The generated boilerplate project rebuilds core and functions single-threaded; on the shared 2-core
        // machine that takes longer than BenchmarkDotNet's default 2-minute build timeout.
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntryPoint).Assembly)
            .Run(args, ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10)));
        return 0;
    }
}
