using System.Text;
using System.Text.Json;

namespace Serverless.Core.Jsonata.Values;

/// <summary>
/// Where each member of one object's text is, found in one pass, so a view answers every lookup on
/// an item without scanning the item again. Reused from item to item (no allocation once it has grown
/// to the items' member count).
/// </summary>
internal sealed class MemberOffsets
{
    private const int NotBuilt = -1;
    private const int NotComparable = -2;

    // Per member: key start, key length, value start, value end (offsets into the object's text).
    private int[] _entries = new int[4 * 8];
    private int _count = NotBuilt;

    public void Reset() => _count = NotBuilt;

    /// <summary>
    /// Finds the last member named <paramref name="key"/> (last wins, as in JSON.parse). False when the
    /// offsets can't answer (escaped keys in the text, a non-ASCII key): the caller scans instead.
    /// </summary>
    public bool TryFind(ReadOnlySpan<byte> source, string key, out Range value, out bool found)
    {
        value = default;
        found = false;
        if (_count == NotBuilt)
        {
            Build(source);
        }
        if (_count == NotComparable || !Ascii.IsValid(key))
        {
            return false;
        }
        for (var i = (_count - 1) * 4; i >= 0; i -= 4)
        {
            if (_entries[i + 1] == key.Length && Ascii.Equals(source.Slice(_entries[i], key.Length), key))
            {
                value = _entries[i + 2].._entries[i + 3];
                found = true;
                return true;
            }
        }
        return true;
    }

    private void Build(ReadOnlySpan<byte> source)
    {
        var reader = new Utf8JsonReader(source, JsonValueReader.ReaderOptions);
        reader.Read();
        var n = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueIsEscaped)
            {
                // Raw bytes would not compare equal to the key's characters.
                _count = NotComparable;
                return;
            }
            if (n + 4 > _entries.Length)
            {
                Array.Resize(ref _entries, _entries.Length * 2);
            }
            _entries[n] = (int)reader.TokenStartIndex + 1; // after the opening quote
            _entries[n + 1] = reader.ValueSpan.Length;
            reader.Read();
            _entries[n + 2] = (int)reader.TokenStartIndex;
            reader.Skip();
            _entries[n + 3] = (int)reader.BytesConsumed;
            n += 4;
        }
        _count = n / 4;
    }
}
