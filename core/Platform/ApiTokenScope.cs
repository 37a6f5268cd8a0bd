namespace Serverless.Core.Platform;

/// <summary>
/// What an API token may do (SPEC §1). <see cref="Admin"/>: the team, i.e. create and change
/// integrations and environments and create or delete tokens of any environment. <see cref="Environment"/>
/// (the default): read team-level objects, read and write only its own environment's objects.
/// </summary>
public static class ApiTokenScope
{
    public const string Admin = "admin";

    public const string Environment = "environment";

    public static IReadOnlyList<string> All { get; } = [Admin, Environment];

    public static bool IsKnown(string scope) => scope is Admin or Environment;
}
