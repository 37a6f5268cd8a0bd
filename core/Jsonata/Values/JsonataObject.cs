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
internal sealed class JsonataObject : IReadOnlyDictionary<string, object?>
{
    private const int IndexThreshold = 8;
    private const int LazyLookupLimit = 6;
    internal const int LazyLookupMaxBytes = 256;
    private const int Materialized = int.MinValue;

    // Striped locks: materialisation is rare and brief, and a lock per object would enlarge every object.
    private static readonly Lock[] Gates = Enumerable.Range(0, 32).Select(_ => new Lock()).ToArray();

    // Keys may be shared by all objects one constructor builds (see FromLiteralKeys): slots below
    // _count are never overwritten in place, and a full array is replaced, not grown, on append.
    private string[] _keys;
    private object?[] _values;
    private int _count;
    // A built object with more than IndexThreshold keys: its index (Dictionary<string, int>). A view
    // (CreateView): where the members of its current text are (MemberOffsets). One field for both keeps
    // the object at 64 bytes.
    private object? _lookup;
    private ReadOnlyMemory<byte> _source;
    // Lookups answered from the source text while lazy; Materialized once built. One field for both
    // keeps the object at 64 bytes.
    private int _lazyLookups;

    public JsonataObject() : this(4)
    {
    }

    public JsonataObject(int capacity)
    {
        capacity = Math.Max(capacity, 1);
        _keys = new string[capacity];
        _values = new object?[capacity];
        _lazyLookups = Materialized;
    }

    internal JsonataObject(ReadOnlyMemory<byte> source)
    {
        _keys = [];
        _values = [];
        _source = source;
    }

    private JsonataObject(string[] keys, object?[] values)
    {
        _keys = keys;
        _values = values;
        _count = keys.Length;
        _lazyLookups = Materialized;
        if (_count > IndexThreshold)
        {
            RebuildIndex();
        }
    }

    /// <summary>
    /// An object whose keys are <paramref name="keys"/> (distinct, owned by the caller and never
    /// changed) with one value per key (none undefined); the object takes <paramref name="values"/>.
    /// </summary>
    internal static JsonataObject FromLiteralKeys(string[] keys, object?[] values) => new(keys, values);

    /// <summary>Not yet built from its input text (members are read from the text).</summary>
    internal bool IsBackedByText => Volatile.Read(ref _lazyLookups) != Materialized;

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
        if (AnswerFromSource())
        {
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

    /// <summary>
    /// Appends member <paramref name="key"/> to <paramref name="text"/> when it is a string, decoding a
    /// lazy object's member straight from its UTF-8 text (no intermediate string). Otherwise appends
    /// nothing and returns the member's value (null when absent) in <paramref name="value"/>.
    /// </summary>
    internal bool TryAppendStringMember(string key, ref CharBuffer text, out object? value)
    {
        if (AnswerFromSource())
        {
            var source = _source;
            if (!FindMember(source.Span, key, out var range))
            {
                value = null;
                return false;
            }
            var member = source[range];
            var reader = ReaderAt(member.Span);
            if (reader.TokenType == JsonTokenType.String)
            {
                text.AppendString(reader);
                value = null;
                return true;
            }
            value = ReadMemberValue(member);
            return false;
        }
        if (TryGetValue(key, out value) && value is string s)
        {
            text.Append(s);
            return true;
        }
        return false;
    }

    /// <summary>
    /// For an object still backed by its text: the text of member <paramref name="key"/> and its first
    /// token (<see cref="JsonTokenType.None"/> when absent). False once the object has been built.
    /// The caller wants arrays: a member that is not one may be reported without checking for later
    /// duplicates.
    /// </summary>
    internal bool TryFindArrayMemberText(string key, out ReadOnlyMemory<byte> text, out JsonTokenType kind)
    {
        text = default;
        kind = JsonTokenType.None;
        if (!IsBackedByText)
        {
            return false;
        }
        var source = _source;
        if (FindLastMember(source.Span, key, out var range, onlyArrays: true))
        {
            text = source[range];
            kind = ReaderAt(text.Span).TokenType;
        }
        return true;
    }

    /// <summary>
    /// A view of an object's text for one evaluation to present item after item (<see cref="Repoint"/>).
    /// It answers every lookup from the text, locating the members once per item.
    /// </summary>
    internal static JsonataObject CreateView(ReadOnlyMemory<byte> source) => new(source) { _lookup = new MemberOffsets() };

    /// <summary>A view an evaluation presents items through (member offsets reused from item to item).</summary>
    internal bool IsView => _lookup is MemberOffsets;

    /// <summary>
    /// Turns a view that a result kept into an ordinary object backed by its text, which may then be
    /// shared between threads (a view's member offsets are not).
    /// </summary>
    internal void ReleaseView()
    {
        if (_lookup is MemberOffsets)
        {
            _lookup = null;
        }
    }

    /// <summary>
    /// Makes this view show another object's text. Only for a view private to one evaluation and
    /// referenced by nothing else: it forgets everything read so far.
    /// </summary>
    internal void Repoint(ReadOnlyMemory<byte> source)
    {
        _keys = [];
        _values = [];
        _count = 0;
        _source = source;
        _lazyLookups = 0;
        if (_lookup is MemberOffsets offsets)
        {
            offsets.Reset();
        }
        else
        {
            _lookup = new MemberOffsets();
        }
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
        // New arrays rather than shifting in place: the keys may be shared with sibling objects.
        var keys = new string[Math.Max(_keys.Length, 1)];
        var values = new object?[keys.Length];
        Array.Copy(_keys, keys, i);
        Array.Copy(_values, values, i);
        Array.Copy(_keys, i + 1, keys, i, _count - i - 1);
        Array.Copy(_values, i + 1, values, i, _count - i - 1);
        _keys = keys;
        _values = values;
        _count--;
        if (_lookup is Dictionary<string, int>)
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

    private bool AnswerFromSource()
    {
        if (_lookup is MemberOffsets)
        {
            // A view: private to one evaluation and its members already located.
            return IsBackedByText;
        }
        // Small object: read just this member from its text (cheaper than building it); objects that
        // are looked up often, or are large, get materialised once instead. Compare-and-swap so the
        // count never moves off Materialized.
        if (_source.Length > LazyLookupMaxBytes)
        {
            return false;
        }
        var seen = Volatile.Read(ref _lazyLookups);
        while (seen is >= 0 and < LazyLookupLimit)
        {
            var prior = Interlocked.CompareExchange(ref _lazyLookups, seen + 1, seen);
            if (prior == seen)
            {
                return true;
            }
            seen = prior;
        }
        return false;
    }

    private int IndexOf(string key)
    {
        if (_lookup is Dictionary<string, int> index)
        {
            return index.TryGetValue(key, out var i) ? i : -1;
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
        var index = _lookup as Dictionary<string, int>;
        if (index is not null)
        {
            index[key] = _count;
        }
        _count++;
        if (index is null && _count > IndexThreshold)
        {
            RebuildIndex();
        }
    }

    private void RebuildIndex()
    {
        var index = new Dictionary<string, int>(_count, StringComparer.Ordinal);
        for (var i = 0; i < _count; i++)
        {
            index[_keys[i]] = i;
        }
        _lookup = index;
    }

    private void Materialize()
    {
        if (!IsBackedByText)
        {
            return;
        }
        // Values read from one input may be shared by concurrent evaluations: materialise once.
        lock (Gates[System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this) & 31])
        {
            if (IsBackedByText)
            {
                MaterializeCore();
                Volatile.Write(ref _lazyLookups, Materialized);
            }
        }
    }

    private bool FindMember(ReadOnlySpan<byte> source, string key, out Range value) =>
        _lookup is MemberOffsets offsets && offsets.TryFind(source, key, out value, out var found)
            ? found
            : FindLastMember(source, key, out value);

    /// <summary>
    /// The text of the value of the last member named <paramref name="key"/> in <paramref name="source"/>
    /// (with duplicate keys the last one wins, as in JSON.parse), found in one pass.
    /// </summary>
    private static bool FindLastMember(ReadOnlySpan<byte> source, string key, out Range value, bool onlyArrays = false)
    {
        value = default;
        var any = false;
        var reader = new Utf8JsonReader(source, JsonValueReader.ReaderOptions);
        reader.Read();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var match = reader.ValueTextEquals(key);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            var isArray = reader.TokenType == JsonTokenType.StartArray;
            reader.Skip();
            if (match)
            {
                value = start..(int)reader.BytesConsumed;
                any = true;
                if (onlyArrays && !isArray)
                {
                    // The caller wants arrays only: no need to read on for a later duplicate.
                    return true;
                }
            }
        }
        return any;
    }

    private static object? ReadMemberValue(ReadOnlyMemory<byte> member)
    {
        var reader = ReaderAt(member.Span);
        // An object's extent is already known: no second pass to skip over it.
        return reader.TokenType == JsonTokenType.StartObject ? new JsonataObject(member) : JsonValueReader.ReadLazyValue(ref reader, member);
    }

    /// <summary>A reader positioned on the value whose text is <paramref name="value"/>.</summary>
    private static Utf8JsonReader ReaderAt(ReadOnlySpan<byte> value)
    {
        var reader = new Utf8JsonReader(value, JsonValueReader.ReaderOptions);
        reader.Read();
        return reader;
    }

    private bool TryReadMember(string key, out object? value)
    {
        var source = _source;
        if (FindMember(source.Span, key, out var range))
        {
            value = ReadMemberValue(source[range]);
            return true;
        }
        value = null;
        return false;
    }

    private void MaterializeCore()
    {
        _keys = new string[4];
        _values = new object?[4];
        _count = 0;
        var reader = new Utf8JsonReader(_source.Span, JsonValueReader.ReaderOptions);
        reader.Read();
        AddMembers(ref reader, _source);
        // _source is deliberately kept: a concurrent TryReadMember may still be scanning it.
    }

    /// <summary>
    /// Builds the object at <paramref name="reader"/> (on its start) one level deep, in the same pass
    /// that validates it: nested objects stay backed by text. For a large object that would be built on
    /// its first lookup anyway, this saves reading its text twice.
    /// </summary>
    internal static JsonataObject ReadMembers(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source)
    {
        var obj = new JsonataObject();
        obj.AddMembers(ref reader, source);
        return obj;
    }

    private void AddMembers(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            var value = JsonValueReader.ReadLazyValue(ref reader, source);
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
