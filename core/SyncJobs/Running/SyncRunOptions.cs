namespace Serverless.Core.SyncJobs.Running;

/// <summary>
/// Tuning of sync runs. A segment is one activity's worth of pages: between segments the orchestration records
/// progress, and a long run is a chain of segments (and of <c>ContinueAsNew</c> generations).
/// </summary>
public sealed record SyncRunOptions
{
    /// <summary>A segment ends after this long (at the next page boundary).</summary>
    public TimeSpan SegmentDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A segment ends after this many pages sent.</summary>
    public int SegmentPages { get; init; } = 1000;

    /// <summary>Vendor calls that sent nothing (empty child walks) before the position is saved anyway.</summary>
    public int CallsPerCheckpoint { get; init; } = 10;
}
