using System.Collections.Concurrent;

namespace Serverless.Core.SyncJobs.Running;

/// <summary>
/// Tells the segments running in this process that their run was asked to stop. The stop itself is the run's document
/// (a segment's next position write sees it); since positions are written without holding up the next page, this
/// signal makes a segment of the same process write and check before it sends another page, so the run ends at the
/// page boundary. A segment in another process (a scaled-out Function App) sees the stop at its next position write.
/// </summary>
public sealed class SyncRunStopSignals
{
    private readonly ConcurrentDictionary<Watch, byte> _watches = new();

    /// <summary>Signals every segment of run <paramref name="runId"/> running in this process.</summary>
    public void Raise(Guid runId)
    {
        foreach (var watch in _watches.Keys)
        {
            if (watch.RunId == runId) watch.Raised = true;
        }
    }

    /// <summary>Watches run <paramref name="runId"/> until disposed (the length of a segment).</summary>
    public Watch WatchRun(Guid runId)
    {
        var watch = new Watch(this, runId);
        _watches.TryAdd(watch, 0);
        return watch;
    }

    /// <summary>One segment's watch for a stop of its run; dispose it when the segment ends.</summary>
    public sealed class Watch : IDisposable
    {
        private readonly SyncRunStopSignals _owner;
        private volatile bool _raised;

        internal Watch(SyncRunStopSignals owner, Guid runId) => (_owner, RunId) = (owner, runId);

        /// <summary>The run watched.</summary>
        public Guid RunId { get; }

        /// <summary>Whether a stop was requested in this process since the watch began.</summary>
        public bool Raised
        {
            get => _raised;
            internal set => _raised = value;
        }

        /// <summary>Ends the watch.</summary>
        public void Dispose() => _owner._watches.TryRemove(this, out _);
    }
}
