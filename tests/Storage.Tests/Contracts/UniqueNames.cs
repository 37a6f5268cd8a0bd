namespace Serverless.Storage.Tests.Contracts;

/// <summary>Fresh resource names per test: backends are shared across tests and test classes run in parallel.</summary>
public static class UniqueNames
{
    public static string Table() => "t" + Suffix();

    public static string Queue() => "q-" + Suffix();

    public static string Container() => "c-" + Suffix();

    public static string Secret() => "s-" + Suffix();

    private static string Suffix() => Guid.NewGuid().ToString("N")[..20];
}
