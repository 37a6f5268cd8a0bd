namespace Serverless.Core.SyncJobs.Running;

/// <summary>
/// Tuning of sync runs. A segment is one activity's worth of pages: between segments the orchestration records
/// progress, and a long run is a chain of segments (and of <c>ContinueAsNew</c> generations).
/// </summary>
public sealed record SyncRunOptions
{
    /// <summary>A segment ends after this long (at the next page boundary).</summary>
    public TimeSpan SegmentDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A segment ends after this many pages sent. High enough that a segment usually ends on its
    /// <see cref="SegmentDuration"/>: each boundary between segments is a round through the orchestration (up to ~2 s
    /// on Azure Storage, whose queues are polled at most 1 s apart).
    /// </summary>
    public int SegmentPages { get; init; } = 10_000;

    /// <summary>
    /// Position writes start at least this long apart, each once the one before has landed; the pages sent meanwhile
    /// are saved by the next. After a crash the pages sent since the last write landed are sent again, so this bounds
    /// the repeats (and a run's writes to the store: at most 5 a second by default). Zero writes as often as the store
    /// keeps up.
    /// </summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Vendor calls that sent nothing (empty child walks) before the position is saved anyway.</summary>
    public int CallsPerCheckpoint { get; init; } = 10;
}
