using System.Collections.Concurrent;
using System.Diagnostics;

namespace Serverless.Core.Platform;

/// <summary>
/// Records a repository read recently, for the reads every call makes (token authentication; the proxy's account,
/// installation and integration). The repository evicts a key whenever it writes that record, so this process sees its
/// own writes on the next read; writes of another process on the same store (several instances, e.g. a scaled-out
/// Function App) are seen once an entry is <see cref="Lifetime"/> old. A read that overlaps an eviction is not kept,
/// so a value read before a write can never outlive it. Only found records are kept (an unknown key is read every
/// time), and at most <paramref name="capacity"/> of them (past that the cache starts over).
/// </summary>
/// <remarks>Values are shared between callers: they must not be changed (records are immutable; their JSON trees are read only).</remarks>
internal sealed class RecordCache<TKey, TValue>(int capacity = 10_000)
    where TKey : notnull
    where TValue : class
{
    /// <summary>How long another process's write may go unseen (docs/performance.md).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);

    private static readonly long LifetimeTicks = (long)(Lifetime.TotalSeconds * Stopwatch.Frequency);
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();
    private long _evictions;

    /// <summary>The cached value of <paramref name="key"/>, else what <paramref name="read"/> finds (kept when not null).</summary>
    public async Task<TValue?> GetOrReadAsync<TState>(TKey key, TState state, Func<TState, CancellationToken, Task<TValue?>> read, CancellationToken cancellationToken)
    {
        var now = Stopwatch.GetTimestamp();
        if (_entries.TryGetValue(key, out var cached) && now - cached.ReadAt < LifetimeTicks)
        {
            return cached.Value;
        }

        var evictionsBefore = Volatile.Read(ref _evictions);
        var value = await read(state, cancellationToken);
        if (value is null)
        {
            return null;
        }

        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        var entry = new Entry(value, now);
        _entries[key] = entry;
        // An eviction since the read began may concern this key: the value may predate that write.
        if (Volatile.Read(ref _evictions) != evictionsBefore)
        {
            _entries.TryRemove(new KeyValuePair<TKey, Entry>(key, entry));
        }

        return value;
    }

    /// <summary>Forgets <paramref name="key"/>: call after every write of its record.</summary>
    public void Evict(TKey key)
    {
        Interlocked.Increment(ref _evictions);
        _entries.TryRemove(key, out _);
    }

    private sealed record Entry(TValue Value, long ReadAt);
}
