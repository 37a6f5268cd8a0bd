namespace Serverless.Core.Platform;

/// <summary>Partition keys: team-level objects share one partition; environment-level objects use their environment's id.</summary>
internal static class PlatformPartitions
{
    public const string Team = "team";

    public static string Of(Guid environmentId) => environmentId.ToString("D");
}
