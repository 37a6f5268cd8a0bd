using System.Buffers;
using System.Text.Json;

namespace Serverless.Core.Jsonata.Values;

/// <summary>
/// Text being assembled from several pieces (a chain of <c>&amp;</c>, a string function's argument):
/// starts on the stack, grows into pooled arrays, and becomes one string at the end, so the pieces
/// are never strings of their own.
/// </summary>
internal ref struct CharBuffer
{
    private Span<char> _chars;
    private char[]? _rented;
    private int _length;

    public CharBuffer(Span<char> initial)
    {
        _chars = initial;
    }

    public readonly ReadOnlySpan<char> Written => _chars[.._length];

    public void Append(scoped ReadOnlySpan<char> text)
    {
        EnsureCapacity(text.Length);
        text.CopyTo(_chars[_length..]);
        _length += text.Length;
    }

    /// <summary>Appends the string token at <paramref name="reader"/>, unescaped.</summary>
    public void AppendString(scoped Utf8JsonReader reader)
    {
        // UTF-8 never needs more UTF-16 code units than it has bytes, escaped or not.
        EnsureCapacity(reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length);
        _length += reader.CopyString(_chars[_length..]);
    }

    public override readonly string ToString() => new(Written);

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<char>.Shared.Return(_rented);
            _rented = null;
        }
    }

    private void EnsureCapacity(int additional)
    {
        if (_chars.Length - _length >= additional)
        {
            return;
        }
        var larger = ArrayPool<char>.Shared.Rent(Math.Max(checked(_length + additional), _chars.Length * 2));
        _chars[.._length].CopyTo(larger);
        if (_rented is not null)
        {
            ArrayPool<char>.Shared.Return(_rented);
        }
        _rented = larger;
        _chars = larger;
    }
}
