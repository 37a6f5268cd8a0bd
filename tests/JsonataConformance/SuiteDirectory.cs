namespace Serverless.JsonataConformance;

/// <summary>
/// Where the official JSONata test suite is: the <c>test/test-suite</c> folder of the jsonata-js repository
/// (<c>groups/</c> and <c>datasets/</c>), looked for at <c>JSONATA_SUITE_DIR</c>, else at
/// <c>../shared/jsonata-test-suite</c> beside the repository (docs/jsonata.md).
/// </summary>
public static class SuiteDirectory
{
    public const string Variable = "JSONATA_SUITE_DIR";

    /// <summary>The configured folder, else the default beside the repository; it may not exist (<see cref="Exists"/>).</summary>
    public static string Resolve() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "jsonata-test-suite"));

    public static bool Exists(string directory) => Directory.Exists(Path.Combine(directory, "groups"));

    /// <summary>What to do when the suite is not at <paramref name="directory"/>.</summary>
    public static string NotFound(string directory) =>
        $"The official JSONata test suite is not at {directory} (no groups/ folder there). It is the test/test-suite folder of the " +
        "jsonata-js repository: `git clone --depth 1 https://github.com/jsonata-js/jsonata` and set " +
        $"{Variable} to jsonata/test/test-suite, or copy that folder to ../shared/jsonata-test-suite beside this repository.";

    /// <summary>The folder holding Serverless.sln above the running program, else the current directory.</summary>
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.sln"))) return directory.FullName;
        }

        return Directory.GetCurrentDirectory();
    }
}
