namespace Serverless.Core.Platform;

/// <summary>
/// What an API token may do (SPEC §1). <see cref="Admin"/>: the team, i.e. create and change
/// integrations and environments and create or delete tokens of any environment. <see cref="Environment"/>
/// (the default): read team-level objects, read and write only its own environment's objects.
/// </summary>
public static class ApiTokenScope
{
    /// <summary>Team-wide: integrations, environments and the tokens of every environment.</summary>
    public const string Admin = "admin";

    /// <summary>One environment's objects; team-level objects read-only.</summary>
    public const string Environment = "environment";

    /// <summary>Every scope.</summary>
    public static IReadOnlyList<string> All { get; } = [Admin, Environment];

    /// <summary>Whether <paramref name="scope"/> is one of <see cref="All"/>.</summary>
    public static bool IsKnown(string scope) => scope is Admin or Environment;
}
