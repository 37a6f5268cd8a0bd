using Serverless.JsonataConformance;
using Xunit;

namespace Serverless.Jsonata.Tests;

public sealed class ConformanceTests
{
    [Fact]
    public void Every_official_suite_case_passes_unless_listed_as_a_known_failure()
    {
        var known = ConformanceRunner.LoadKnownFailures(Path.Combine(AppContext.BaseDirectory, "known-failures.txt"));
        var outcomes = new ConformanceRunner(SuiteLocation.Directory).RunAll();

        Assert.Equal(1686, outcomes.Count);
        Assert.True(known.Count <= outcomes.Count / 100, "known-failures.txt may list at most 1% of the cases");
        var unexpected = outcomes
            .Where(o => !o.Passed && !known.ContainsKey(o.Id))
            .Select(o => $"{o.Id}: {o.Expression} => expected {o.Expected}, got {o.Got}")
            .ToList();
        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected));
    }
}
