using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Serverless.Core.Jsonata.Values;

/// <summary>
/// A JSON object; keys keep their insertion order like JavaScript objects. Small objects are searched
/// linearly (no hashing); larger ones get an index. An object read from input text can stay backed by
/// its <see cref="JsonElement"/> until a member is first accessed, so untouched parts of a large
/// input are never converted.
/// </summary>
public sealed class JsonataObject : IReadOnlyDictionary<string, object?>
{
    private const int IndexThreshold = 8;

    private string[] _keys;
    private object?[] _values;
    private int _count;
    private Dictionary<string, int>? _index;
    // Striped locks: materialisation is rare and brief, and a lock per object would double its size.
    private static readonly Lock[] Gates = Enumerable.Range(0, 32).Select(_ => new Lock()).ToArray();
    private ReadOnlyMemory<byte> _source;
    private volatile bool _lazy;
    private int _lazyLookups;
    private const int LazyLookupLimit = 6;

    public JsonataObject() : this(4)
    {
    }

    public JsonataObject(int capacity)
    {
        capacity = Math.Max(capacity, 1);
        _keys = new string[capacity];
        _values = new object?[capacity];
    }

    internal JsonataObject(ReadOnlyMemory<byte> source)
    {
        _keys = [];
        _values = [];
        _source = source;
        _lazy = true;
    }

    public int Count
    {
        get
        {
            Materialize();
            return _count;
        }
    }

    public object? this[string key]
    {
        get => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);
        set
        {
            Materialize();
            var i = IndexOf(key);
            if (i >= 0)
            {
                _values[i] = value;
            }
            else
            {
                Append(key, value);
            }
        }
    }

    public IEnumerable<string> Keys
    {
        get
        {
            Materialize();
            return _keys.Take(_count);
        }
    }

    public IEnumerable<object?> Values
    {
        get
        {
            Materialize();
            return _values.Take(_count);
        }
    }

    public bool ContainsKey(string key)
    {
        Materialize();
        return IndexOf(key) >= 0;
    }

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        if (_lazy && Interlocked.Increment(ref _lazyLookups) <= LazyLookupLimit)
        {
            // Read just this member from the text; objects that are looked up often get materialised.
            return TryReadMember(key, out value);
        }
        Materialize();
        var i = IndexOf(key);
        if (i >= 0)
        {
            value = _values[i];
            return true;
        }
        value = null;
        return false;
    }

    /// <summary>Value of <paramref name="key"/>, or null (undefined) when absent.</summary>
    public object? GetValueOrDefault(string key) => TryGetValue(key, out var v) ? v : null;

    public bool Remove(string key)
    {
        Materialize();
        var i = IndexOf(key);
        if (i < 0)
        {
            return false;
        }
        Array.Copy(_keys, i + 1, _keys, i, _count - i - 1);
        Array.Copy(_values, i + 1, _values, i, _count - i - 1);
        _count--;
        _keys[_count] = null!;
        _values[_count] = null;
        if (_index is not null)
        {
            RebuildIndex();
        }
        return true;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        Materialize();
        for (var i = 0; i < _count; i++)
        {
            yield return new KeyValuePair<string, object?>(_keys[i], _values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Key at position <paramref name="i"/> (0 ≤ i &lt; Count), for allocation-free iteration.</summary>
    internal string KeyAt(int i) => _keys[i];

    internal object? ValueAt(int i) => _values[i];

    private int IndexOf(string key)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(key, out var i) ? i : -1;
        }
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_keys[i], key, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    private void Append(string key, object? value)
    {
        if (_count == _keys.Length)
        {
            var size = Math.Max(4, _count * 2);
            Array.Resize(ref _keys, size);
            Array.Resize(ref _values, size);
        }
        _keys[_count] = key;
        _values[_count] = value;
        if (_index is not null)
        {
            _index[key] = _count;
        }
        _count++;
        if (_index is null && _count > IndexThreshold)
        {
            RebuildIndex();
        }
    }

    private void RebuildIndex()
    {
        _index = new Dictionary<string, int>(_count, StringComparer.Ordinal);
        for (var i = 0; i < _count; i++)
        {
            _index[_keys[i]] = i;
        }
    }

    private void Materialize()
    {
        if (!_lazy)
        {
            return;
        }
        // Values read from one input may be shared by concurrent evaluations: materialise once.
        lock (Gates[System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this) & 31])
        {
            if (_lazy)
            {
                MaterializeCore();
                _lazy = false;
            }
        }
    }

    private bool TryReadMember(string key, out object? value)
    {
        var source = _source;
        if (!_lazy)
        {
            return TryGetValue(key, out value);
        }
        var reader = new Utf8JsonReader(source.Span, JsonValueReader.ReaderOptions);
        reader.Read();
        object? found = null;
        var any = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var match = reader.ValueTextEquals(key);
            reader.Read();
            if (match)
            {
                // Keep scanning: with duplicate keys the last one wins, as in JSON.parse.
                found = JsonValueReader.ReadLazyValue(ref reader, source);
                any = true;
            }
            else
            {
                reader.Skip();
            }
        }
        value = found;
        return any;
    }

    private void MaterializeCore()
    {
        _keys = new string[4];
        _values = new object?[4];
        var reader = new Utf8JsonReader(_source.Span, JsonValueReader.ReaderOptions);
        reader.Read();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            var value = JsonValueReader.ReadLazyValue(ref reader, _source);
            var i = _count > 0 ? IndexOf(key) : -1;
            if (i >= 0)
            {
                _values[i] = value;
            }
            else
            {
                Append(key, value);
            }
        }
        _source = default;
    }
}

/// <summary>One item of a tuple stream: the context item ("@") plus the variables bound along the path.</summary>
internal sealed class TupleBinding : Dictionary<string, object?>
{
    public TupleBinding() : base(StringComparer.Ordinal)
    {
    }

    public TupleBinding(TupleBinding other) : base(other, StringComparer.Ordinal)
    {
    }
}
