using System.Collections.Concurrent;

namespace Serverless.Core.Jsonata;

/// <summary>
/// Compiled expressions by source text, for hot paths that see the same expressions repeatedly.
/// Bounded: when full, the cache is cleared rather than growing without limit.
/// </summary>
public sealed class JsonataExpressionCache
{
    private readonly ConcurrentDictionary<string, JsonataExpression> _entries = new(StringComparer.Ordinal);
    private readonly int _capacity;

    /// <summary>A cache of at most <paramref name="capacity"/> expressions.</summary>
    public JsonataExpressionCache(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Number of cached expressions.</summary>
    public int Count => _entries.Count;

    /// <summary>Returns the compiled expression, compiling it on first use. Syntax errors are not cached.</summary>
    public JsonataExpression GetOrCompile(string source)
    {
        if (_entries.TryGetValue(source, out var cached))
        {
            return cached;
        }
        var compiled = JsonataExpression.Compile(source);
        if (_entries.Count >= _capacity)
        {
            _entries.Clear();
        }
        return _entries.GetOrAdd(source, compiled);
    }
}
