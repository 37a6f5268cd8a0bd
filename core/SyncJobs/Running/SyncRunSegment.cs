using System.Buffers;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Serverless.Core.Jsonata;
using Serverless.Core.Platform;
using Serverless.Core.SyncJobs.Runs;
using Serverless.Core.Templating;
using Serverless.Core.Webhooks.Outbound;

namespace Serverless.Core.SyncJobs.Running;

/// <summary>
/// The work of one <see cref="SyncRunPagesActivity"/> call. Page N+1 of a resource is fetched while page N is being
/// delivered (it is sent only after page N's 2xx; when the segment ends first, it is dropped and fetched again). The
/// position is saved with a conditional write of the run's document after the pages sent, one write at a time and
/// without holding up the next page: while a write is in flight, the pages sent meanwhile are saved by the next one
/// (and a write is forced every <see cref="SyncRunOptions.CallsPerCheckpoint"/> calls that sent nothing). A stop
/// request changes the document, so the next write sees it; <see cref="SyncRunStopSignals"/> makes a segment of the
/// same process write and check before its next page, so the run stops at that page boundary. After a crash the run
/// resumes from the last saved position: the pages sent since (the one being sent, and those sent while the last
/// write was in flight) are sent again, with the same page numbers and event ids.
/// </summary>
internal sealed partial class SyncRunSegment(
    SyncJobRunRepository runs, SyncVendorSource vendor, SyncRunDelivery delivery, SyncRunOptions options, SyncRunStopSignals stopSignals, ILogger logger)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly List<SyncWalkState> _walk = [];
    private readonly Guid _segment = Guid.NewGuid();
    private Stored<SyncJobRunRecord> _stored = null!;
    private SyncJobRunRecord _run = null!;
    private SyncRunTarget _target = null!;
    private SyncVendorAccount _account = null!;
    private string _previousRunDate = "";
    private List<SyncResourceStats> _stats = [];
    private List<SyncRunError> _errors = [];
    private int _errorCount;
    private int _resource;
    private int _attempt;
    private int _pagesSent;
    private int _quietCalls;
    private Task<string?>? _pendingWrite;
    private bool _unsaved;
    private long _nextWrite;
    private Prefetch? _prefetch;
    private SyncRunStopSignals.Watch _stop = null!;
    private long _deadline;

    public async Task<SyncStepResult> RunAsync(SyncPagesRequest input, CancellationToken ct)
    {
        // Watching before the run is read: a stop written after the read is signalled.
        using (_stop = stopSignals.WatchRun(input.RunId))
        {
            try
            {
                return await RunSegmentAsync(input, ct);
            }
            finally
            {
                // Nothing of a segment outlives it: a page fetched ahead and not sent is dropped (the next segment fetches it again).
                await DropPrefetchAsync();
            }
        }
    }

    private async Task<SyncStepResult> RunSegmentAsync(SyncPagesRequest input, CancellationToken ct)
    {
        var loaded = await runs.GetAsync(input.EnvironmentId, input.RunId, ct);
        if (loaded is null) return new(SyncOutcome.Gone);
        if (loaded.Value.Status == SyncRunStatus.Stopped) return new(SyncOutcome.Stopped);
        if (loaded.Value.IsFinished) return new(SyncOutcome.Gone);
        (_stored, _run, _attempt) = (loaded, loaded.Value, input.Attempt);
        _previousRunDate = SyncJobScope.FormatDate(_run.PreviousRunDate ?? SyncJobScope.NoPreviousRun);
        _stats = [.. _run.Resources.Select((r, i) => i < _run.ResourceStats.Count ? _run.ResourceStats[i] : new SyncResourceStats(r.Resource, 0, 0))];
        _errors = [.. _run.Errors];
        _errorCount = _run.ErrorCount;

        if (await delivery.OpenAsync(_run, ct) is not { } opened) return new(SyncOutcome.Failed, $"webhook {_run.WebhookId} was deleted or deactivated");
        if (!WebhookDispatcher.Subscribes(opened.Webhook, SyncRunDelivery.Record)) return new(SyncOutcome.Failed, $"webhook {_run.WebhookId} no longer subscribes to {SyncRunDelivery.Record}");
        _target = opened;
        try
        {
            _account = await vendor.OpenAsync(_run.EnvironmentId, _run.IntegratedAccountId, ct);
        }
        catch (SyncSourceException exception)
        {
            return new(SyncOutcome.Failed, exception.Message);
        }

        _deadline = Stopwatch.GetTimestamp() + (long)(options.SegmentDuration.TotalSeconds * Stopwatch.Frequency);
        _resource = _run.Checkpoint?.Resource ?? 0;
        var frames = _run.Checkpoint?.Frames ?? [];
        while (_resource < _run.Resources.Count)
        {
            var outcome = _run.Resources[_resource].Persist ? await WalkAsync(frames, ct) : null;
            if (outcome is not null)
            {
                return await FlushAsync() is { } ended ? new(ended) : outcome;
            }
            _resource++;
            frames = [];
            _walk.Clear();
            if (await SaveAsync() is { } end) return new(end);
        }
        return await FlushAsync() is { } last ? new(last) : new(SyncOutcome.Finished);
    }

    /// <summary>Walks the current resource from <paramref name="frames"/>; null when it is done, else the segment's outcome.</summary>
    private async Task<SyncStepResult?> WalkAsync(IReadOnlyList<SyncFrame> frames, CancellationToken ct)
    {
        var levels = SyncWalkLevel.Plan(_run.Resources, _resource);
        _walk.Clear();
        foreach (var frame in frames.Take(levels.Count))
        {
            var state = new SyncWalkState(levels[_walk.Count], frame);
            _walk.Add(state);
            if (!state.Level.IsLeaf && await LoadAsync(state, ct) is { } stop)
            {
                if (stop.Outcome != SyncOutcome.Progress) return stop;
                _walk.RemoveAt(_walk.Count - 1);
                Advance();
                break;
            }
        }
        if (_walk.Count == 0 && frames.Count == 0 && await EnterAsync(levels[0], ct) is { } first && first.Outcome != SyncOutcome.Progress)
        {
            return first;
        }

        while (_walk.Count > 0)
        {
            var top = _walk[^1];
            if (top.Level.IsLeaf)
            {
                if (await PageAsync(top, ct) is { } outcome) return outcome;
            }
            else if (top.Frame.Index < top.Items.Count)
            {
                if (await EnterAsync(levels[_walk.Count], ct) is { Outcome: not SyncOutcome.Progress } outcome) return outcome;
            }
            else if (top.Level.IsRecords && top.NextCursor is { } next)
            {
                top.Frame = new SyncFrame(next, 0);
                if (await LoadAsync(top, ct) is { } outcome)
                {
                    if (outcome.Outcome != SyncOutcome.Progress) return outcome;
                    Pop();
                }
            }
            else
            {
                Pop();
            }
        }
        return null;
    }

    /// <summary>Fetches and sends one page of the resource itself.</summary>
    private async Task<SyncStepResult?> PageAsync(SyncWalkState leaf, CancellationToken ct)
    {
        if (_pagesSent >= options.SegmentPages || Stopwatch.GetTimestamp() > _deadline)
        {
            return new(SyncOutcome.Progress);
        }

        SyncVendorPage page;
        try
        {
            page = await TakePrefetchAsync(leaf) ?? await FetchAsync(leaf, ct);
        }
        catch (SyncVendorException exception)
        {
            return Problem(exception) ?? PopAfterError();
        }

        if (page.Count == 0)
        {
            MoveOn(leaf, page.NextCursor);
            // An empty walk means the resource is done: the caller saves the next resource as the position.
            return _walk.Count > 0 && ++_quietCalls >= options.CallsPerCheckpoint && await SaveAsync() is { } end ? new(end) : null;
        }

        if (await BeforeSendAsync() is { } ended) return new(ended);
        var number = _stats[_resource].Pages + 1;
        var sending = delivery.SendPageAsync(_target, _run, _resource, number, page, _attempt, _buffer, ct);
        // Started once the page is on its way, so that building the vendor request is not between two deliveries.
        if (page.NextCursor is { } following && _pagesSent + 1 < options.SegmentPages)
        {
            _prefetch = new Prefetch(leaf, following, FetchAsync(new SyncWalkState(leaf.Level, new SyncFrame(following, 0)), _walk.IndexOf(leaf), ct));
        }
        var sent = await sending;
        if (sent.StatusCode is not (>= 200 and < 300))
        {
            var answer = sent.StatusCode is { } code ? $"answered {code}" : $"failed ({sent.Error})";
            LogPageUndelivered(logger, _run.Id, _run.Resources[_resource].Resource, number, _attempt, answer);
            return delivery.Undelivered($"the receiver {answer} to page {number} of {_run.Resources[_resource].Resource}", _attempt);
        }

        _attempt = 1;
        _pagesSent++;
        _stats[_resource] = _stats[_resource] with { Records = _stats[_resource].Records + page.Count, Pages = number };
        MoveOn(leaf, page.NextCursor);
        if (_walk.Count > 0)
        {
            (_quietCalls, _unsaved) = (0, true);
            SaveWhenDue();
        }
        return null;
    }

    /// <summary>The page fetched ahead for <paramref name="leaf"/> at its cursor; null when there is none (one fetched for another position is dropped).</summary>
    private async Task<SyncVendorPage?> TakePrefetchAsync(SyncWalkState leaf)
    {
        if (_prefetch is not { } ahead) return null;
        _prefetch = null;
        if (ReferenceEquals(ahead.Leaf, leaf) && ahead.Cursor == leaf.Frame.Cursor)
        {
            _quietCalls++;
            return await ahead.Page;
        }
        await DropAsync(ahead);
        return null;
    }

    private async Task DropPrefetchAsync()
    {
        if (_prefetch is { } ahead)
        {
            _prefetch = null;
            await DropAsync(ahead);
        }
    }

    private static async Task DropAsync(Prefetch ahead)
    {
        try
        {
            await ahead.Page;
        }
        catch (Exception)
        {
            // A page never sent: whatever its fetch met is not the run's, it is fetched again when its turn comes.
        }
    }

    /// <summary>
    /// Before a page is sent: the outcome of a write that landed (stopped, superseded, gone), and the pages sent while it
    /// was in flight saved by the next one. A stop signalled in this process is checked with a write now.
    /// </summary>
    private async Task<string?> BeforeSendAsync()
    {
        if (_stop.Raised) return await SaveAsync();
        if (_pendingWrite is { IsCompleted: true } landed)
        {
            _pendingWrite = null;
            if (await landed is { } ended) return ended;
        }
        SaveWhenDue();
        return null;
    }

    /// <summary>After a page of the resource itself: its next page, or the next ancestor record when it has none.</summary>
    private void MoveOn(SyncWalkState leaf, string? nextCursor)
    {
        if (nextCursor is not null) leaf.Frame = new SyncFrame(nextCursor, 0);
        else Pop();
    }

    /// <summary>Enters the next level down (the next ancestor record's walk begins).</summary>
    private async Task<SyncStepResult?> EnterAsync(SyncWalkLevel level, CancellationToken ct)
    {
        var state = new SyncWalkState(level, new SyncFrame(null, 0));
        _walk.Add(state);
        if (level.IsLeaf) return null;
        if (await LoadAsync(state, ct) is { } outcome)
        {
            if (outcome.Outcome != SyncOutcome.Progress) return outcome;
            Pop();
        }
        return null;
    }

    /// <summary>
    /// Loads what an ancestor level walks: the page at its cursor, or the loop's items. Null when loaded; an ignored
    /// error answers <see cref="SyncOutcome.Progress"/> (the caller drops the level); anything else ends the segment.
    /// </summary>
    private async Task<SyncStepResult?> LoadAsync(SyncWalkState state, CancellationToken ct)
    {
        try
        {
            if (state.Level.IsLoop)
            {
                var input = new JsonObject { [SyncJobScope.Args] = _run.Args.DeepClone(), [SyncJobScope.PreviousRunDate] = _previousRunDate, [SyncJobScope.Resources] = Scope(_walk.Count - 1).Resources };
                var items = state.Level.LoopExpression!.Evaluate(input, null, JsonataPlatformFunctions.Shared.Options).ToJsonNode();
                state.Items = items switch { JsonArray array => array, null => [], var single => [single] };
                return null;
            }
            var page = await FetchAsync(state, ct);
            (state.Items, state.NextCursor) = (page.Records, page.NextCursor);
            return null;
        }
        catch (SyncVendorException exception)
        {
            return Problem(exception) ?? new(SyncOutcome.Progress);
        }
        catch (JsonataException exception)
        {
            return Problem(new SyncVendorException(0, $"loop_on failed: {exception.Message}", null)) ?? new(SyncOutcome.Progress);
        }
    }

    private Task<SyncVendorPage> FetchAsync(SyncWalkState state, CancellationToken ct)
    {
        _quietCalls++;
        return FetchAsync(state, _walk.IndexOf(state), ct);
    }

    /// <summary>Fetches the page at <paramref name="state"/>'s cursor for a level at <paramref name="depth"/> of the walk.</summary>
    private Task<SyncVendorPage> FetchAsync(SyncWalkState state, int depth, CancellationToken ct)
    {
        var (args, resources, loop) = Scope(depth);
        var scope = SyncJobScope.Create(args, _previousRunDate, resources, loop);
        var definition = state.Level.Resource;
        var query = definition.Query is null ? [] : JsonTemplate.Compile(definition.Query).ResolveNode(scope) as JsonObject ?? [];
        var id = definition.Id is null ? null : PlaceholderTemplate.Parse(definition.Id).ResolveString(scope);
        var roots = new Dictionary<string, JsonNode?>
        {
            [SyncJobScope.Args] = args,
            [SyncJobScope.PreviousRunDate] = _previousRunDate,
            [SyncJobScope.Resources] = resources,
            [SyncJobScope.Loop] = loop,
        };
        return vendor.FetchAsync(_account, definition.Resource, definition.Method, id, query, state.Frame.Cursor, roots, ct);
    }

    /// <summary>The template scope of level <paramref name="depth"/>: the records and loop items of the levels above it.</summary>
    private (JsonObject Args, JsonObject Resources, JsonObject? Loop) Scope(int depth)
    {
        var args = _run.Args;
        var resources = new JsonObject();
        JsonObject? loop = null;
        for (var i = 0; i < depth; i++)
        {
            var state = _walk[i];
            var current = state.Current;
            if (state.Level.IsRecords)
            {
                SyncJobScope.Set(resources, SyncJobScope.ResourcePath(state.Level.Resource.Resource), current);
                continue;
            }
            loop = new JsonObject { ["item"] = current?.DeepClone(), ["index"] = state.Frame.Index };
            if (state.Level.LoopPath is { } path && path[0] == SyncJobScope.Args)
            {
                args = ReferenceEquals(args, _run.Args) ? (JsonObject)args.DeepClone() : args;
                SyncJobScope.Set(args, [.. path.Skip(1)], current);
            }
            else if (state.Level.LoopPath is { } other && other[0] == SyncJobScope.Resources)
            {
                SyncJobScope.Set(resources, [.. other.Skip(1)], current);
            }
        }
        return (args, resources, loop);
    }

    /// <summary>Leaves the innermost level and moves its parent to the next item.</summary>
    private void Pop()
    {
        _walk.RemoveAt(_walk.Count - 1);
        Advance();
    }

    private void Advance()
    {
        if (_walk.Count > 0) _walk[^1].Frame = _walk[^1].Frame with { Index = _walk[^1].Frame.Index + 1 };
    }

    private SyncStepResult? PopAfterError()
    {
        Pop();
        return null;
    }

    /// <summary>What a vendor failure means: a rate limit pauses the run, an error fails it (fail_fast) or is recorded (null: go on).</summary>
    private SyncStepResult? Problem(SyncVendorException exception)
    {
        var name = _run.Resources[_resource].Resource;
        if (exception.RetryAfter is { } wait)
        {
            return new(SyncOutcome.RateLimited, exception.Message, wait.TotalSeconds);
        }
        if (_run.ErrorHandling == SyncErrorHandling.FailFast)
        {
            return new(SyncOutcome.Failed, $"{name}: {exception.Message}");
        }
        LogIgnored(logger, _run.Id, name, exception.Message);
        _errorCount++;
        if (_errors.Count < SyncJobRunRecord.MaxErrors) _errors.Add(new SyncRunError(name, exception.Message, runs.Time.GetUtcNow()));
        return null;
    }

    /// <summary>
    /// Starts writing an unsaved position unless a write is in flight or the last one started less than
    /// <see cref="SyncRunOptions.CheckpointInterval"/> ago (then a later page boundary writes it).
    /// </summary>
    private void SaveWhenDue()
    {
        if (_unsaved && _pendingWrite is not { IsCompleted: false } && Stopwatch.GetTimestamp() >= _nextWrite) StartSave();
    }

    private void StartSave()
    {
        (_quietCalls, _unsaved) = (0, false);
        _nextWrite = Stopwatch.GetTimestamp() + (long)(options.CheckpointInterval.TotalSeconds * Stopwatch.Frequency);
        _pendingWrite = WriteAsync(_pendingWrite, Position());
    }

    /// <summary>Saves the position now; null when saved, else how the segment ends (stopped, superseded, gone).</summary>
    private async Task<string?> SaveAsync()
    {
        _unsaved = true;
        return await FlushAsync();
    }

    /// <summary>Waits for the write in flight, then writes an unsaved position; null when saved, else how the segment ends.</summary>
    private async Task<string?> FlushAsync()
    {
        while (true)
        {
            var pending = _pendingWrite;
            _pendingWrite = null;
            if (pending is not null && await pending is { } ended) return ended;
            if (!_unsaved) return null;
            StartSave();
        }
    }

    private SyncJobRunRecord Position() => _run with
    {
        Checkpoint = new SyncCheckpoint(_resource, [.. _walk.Select(state => state.Frame)], _segment),
        ResourceStats = [.. _stats],
        Errors = [.. _errors],
        ErrorCount = _errorCount,
    };

    /// <summary>
    /// Writes the position over the document read last. Null when saved; <see cref="SyncOutcome.Stopped"/> when a stop
    /// was requested meanwhile (the counts of the pages sent are still saved); <see cref="SyncOutcome.Progress"/> when
    /// another execution of this segment saved its own position meanwhile (this one steps aside, its result unused);
    /// <see cref="SyncOutcome.Gone"/> when the run was deleted.
    /// </summary>
    private async Task<string?> WriteAsync(Task<string?>? previous, SyncJobRunRecord record)
    {
        if (previous is not null && await previous is { } ended) return ended;
        while (true)
        {
            var stopping = _stored.Value.Status == SyncRunStatus.Stopped;
            try
            {
                _stored = await runs.ReplaceAsync(_stored, record with { Status = _stored.Value.Status, UpdatedAt = _stored.Value.UpdatedAt }, CancellationToken.None);
                return stopping ? SyncOutcome.Stopped : null;
            }
            catch (StaleVersionException)
            {
                var current = await runs.GetAsync(_run.EnvironmentId, _run.Id, CancellationToken.None);
                if (current is null) return SyncOutcome.Gone;
                if (current.Value.Checkpoint?.Segment != _stored.Value.Checkpoint?.Segment) return SyncOutcome.Progress;
                if (current.Value.IsFinished && current.Value.Status != SyncRunStatus.Stopped) return SyncOutcome.Gone;
                if (stopping && current.Value.FinishedAt is not null) return SyncOutcome.Stopped;
                _stored = current;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync run {RunId}: page {Page} of {Resource} not delivered on attempt {Attempt}: the receiver {Answer}")]
    private static partial void LogPageUndelivered(ILogger logger, Guid runId, string resource, long page, int attempt, string answer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync run {RunId}: {Resource} failed and was passed over (error_handling ignore): {Reason}")]
    private static partial void LogIgnored(ILogger logger, Guid runId, string resource, string reason);

    /// <summary>The next page of <paramref name="Leaf"/>, at <paramref name="Cursor"/>, being fetched while the one before is sent.</summary>
    private sealed record Prefetch(SyncWalkState Leaf, string Cursor, Task<SyncVendorPage> Page);
}
