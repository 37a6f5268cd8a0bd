namespace Serverless.Jsonata.Tests;

/// <summary>Where the official JSONata test suite lives (override with JSONATA_TEST_SUITE).</summary>
internal static class SuiteLocation
{
    public static string Directory =>
        Environment.GetEnvironmentVariable("JSONATA_TEST_SUITE") is { Length: > 0 } dir ? dir : "/work/shared/jsonata-test-suite";
}
