using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Serverless.Benchmarks;

public static class BenchmarkEntryPoint
{
    // The generated boilerplate project rebuilds core and functions single-threaded; on the shared 2-core
    // machine that takes longer than BenchmarkDotNet's default 2-minute build timeout.
    public static void Main(string[] args)
    {
        // The sync job throughput run is one long end-to-end measurement, not a BenchmarkDotNet case.
        if (args is ["sync", .. var rest])
        {
            SyncJobs.SyncThroughputBenchmark.RunAsync(rest).GetAwaiter().GetResult();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntryPoint).Assembly)
            .Run(args, ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10)));
    }
}
