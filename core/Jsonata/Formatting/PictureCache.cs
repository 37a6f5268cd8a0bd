using System.Collections.Concurrent;

namespace Serverless.Core.Jsonata.Formatting;

/// <summary>
/// Analysed picture strings keyed by their text. Pictures are almost always literals in an
/// expression, so analysing once and reusing pays off; the bound keeps data-driven pictures from
/// growing it without limit (it is simply cleared when full).
/// </summary>
internal sealed class PictureCache<T>(Func<string, T> analyse, int capacity = 512)
    where T : class
{
    private readonly ConcurrentDictionary<string, T> _entries = new(StringComparer.Ordinal);

    public T Get(string picture)
    {
        if (_entries.TryGetValue(picture, out var cached)) return cached;
        var analysed = analyse(picture);
        if (_entries.Count >= capacity) _entries.Clear();
        _entries[picture] = analysed;
        return analysed;
    }
}
