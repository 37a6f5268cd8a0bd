using System.Buffers;

namespace Serverless.Core.Jsonata.Values;

/// <summary>
/// Gathers the items of an array or of one path step's results in a pooled buffer, so the array
/// is allocated once at its final size instead of growing (and discarding) a backing array per doubling.
/// </summary>
internal ref struct ItemCollector
{
    private object?[] _buffer;
    private int _count;
    private bool _needsFlattening;

    public ItemCollector(int capacityHint)
    {
        _buffer = ArrayPool<object?>.Shared.Rent(Math.Max(capacityHint, 16));
    }

    /// <summary>Adds a value; undefined (null) is skipped.</summary>
    public void Add(object? item)
    {
        if (item is null)
        {
            return;
        }
        if (_count == _buffer.Length)
        {
            var larger = ArrayPool<object?>.Shared.Rent(_count * 2);
            _buffer.AsSpan(0, _count).CopyTo(larger);
            Return(_buffer, _count);
            _buffer = larger;
        }
        _buffer[_count++] = item;
        _needsFlattening |= item is JsonataArray { IsConstructed: false };
    }

    /// <summary>The items as an array (JSON array semantics: no flags).</summary>
    public readonly JsonataArray ToArray()
    {
        var array = new JsonataArray(_count);
        array.AddRange(_buffer.AsSpan(0, _count));
        return array;
    }

    /// <summary>
    /// A path step's result: items that are arrays from the input (not built by a constructor) are
    /// spliced in; a lone array on the last step is the result itself.
    /// </summary>
    public readonly object ToStepResult(bool lastStep)
    {
        var items = _buffer.AsSpan(0, _count);
        if (lastStep && items.Length == 1 && items[0] is JsonataArray { IsSequence: false } only)
        {
            return only;
        }
        var sequence = JsonataArray.Sequence();
        if (!_needsFlattening)
        {
            sequence.Capacity = items.Length;
            sequence.AddRange(items);
            return sequence;
        }
        foreach (var item in items)
        {
            if (item is JsonataArray { IsConstructed: false } a)
            {
                sequence.AddRange(a);
            }
            else
            {
                sequence.Add(item);
            }
        }
        return sequence;
    }

    public void Dispose()
    {
        Return(_buffer, _count);
        _buffer = [];
        _count = 0;
    }

    private static void Return(object?[] buffer, int count)
    {
        // Cleared so the pool does not keep evaluation values alive.
        if (buffer.Length == 0)
        {
            return;
        }
        buffer.AsSpan(0, count).Clear();
        ArrayPool<object?>.Shared.Return(buffer);
    }
}
