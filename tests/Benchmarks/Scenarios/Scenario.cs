namespace Serverless.Benchmarks.Scenarios;

/// <summary>The end-to-end scenarios of issue 16, by name (docs/performance.md records their figures).</summary>
internal static class Scenario
{
    private static readonly Dictionary<string, Func<ScenarioOptions, Task>> All = new(StringComparer.Ordinal)
    {
        [AccountWriteLatencyScenario.Name] = AccountWriteLatencyScenario.RunAsync,
        [EventDeliveryScenario.Name] = EventDeliveryScenario.RunAsync,
        [StartupScenario.Name] = StartupScenario.RunAsync,
        [AccountLookupScenario.Name] = AccountLookupScenario.RunAsync,
        [ProxyThroughputScenario.Name] = ProxyThroughputScenario.RunAsync,
    };

    public static async Task<int> RunAsync(string name, ScenarioOptions options)
    {
        if (!All.TryGetValue(name, out var run))
        {
            Console.Error.WriteLine($"Unknown scenario '{name}'. Scenarios: {string.Join(", ", All.Keys)}.");
            return 2;
        }

        await run(options);
        return 0;
    }
}
