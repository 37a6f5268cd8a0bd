namespace Serverless.Functions.Tests.Hosting;

/// <summary>The checked-out repository the tests run from (the folder holding Serverless.sln).</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Serverless.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No Serverless.sln above {AppContext.BaseDirectory}.");
    }
}
