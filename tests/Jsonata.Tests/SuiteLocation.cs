namespace Serverless.Jsonata.Tests;

/// <summary>
/// Where the official JSONata test suite lives: <c>JSONATA_TEST_SUITE</c> when set, otherwise
/// <c>shared/jsonata-test-suite</c> beside the checkout (the first ancestor of the test binaries that has it).
/// </summary>
internal static class SuiteLocation
{
    public static string Directory { get; } = Locate();

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("JSONATA_TEST_SUITE") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "jsonata-test-suite");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return "/work/shared/jsonata-test-suite";
    }
}
