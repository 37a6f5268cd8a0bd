using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Core.Pagination;

/// <summary>
/// A page's records as pagination reads them: the array as the vendor sent it, read where it lies (counting and
/// fingerprinting it build no tree of the page), or a tree (a single record made a list, a replaced body). The same
/// records give the same count and the same fingerprint either way.
/// </summary>
public readonly struct PageRecords
{
    // The fingerprint's JSON is written here, one buffer per thread: it lives only while the page is hashed.
    private const int MaxKeptBuffer = 1024 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _written;

    private readonly JsonArray? _tree;
    private readonly JsonElement _received;

    /// <summary>Records held as a tree.</summary>
    public PageRecords(JsonArray tree) => _tree = tree;

    /// <param name="received">An array of the vendor's answer as received.</param>
    internal PageRecords(JsonElement received)
    {
        if (received.ValueKind != JsonValueKind.Array) throw new ArgumentException("the records must be an array", nameof(received));
        _received = received;
    }

    /// <summary>Records held as a tree.</summary>
    public static implicit operator PageRecords(JsonArray tree) => new(tree);

    /// <summary>The records where they lie: <paramref name="received"/>, the array as the vendor sent it, when there is one; else the tree.</summary>
    internal static PageRecords Of(JsonArray tree, JsonElement? received) => received is { } array ? new PageRecords(array) : tree;

    /// <summary>How many records the page has.</summary>
    public int Count => _tree?.Count ?? _received.GetArrayLength();

    /// <summary>The records as a tree of their own (no parent), for expressions that read them.</summary>
    public JsonArray ToTree() => _tree is not null ? (JsonArray)_tree.DeepClone() : JsonArray.Create(_received)!;

    /// <summary>Writes the records: received ones as their bytes (the same JSON values, not decoded and encoded again).</summary>
    internal void WriteTo(Utf8JsonWriter writer)
    {
        if (_tree is not null) _tree.WriteTo(writer);
        else writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(_received), skipInputValidation: true);
    }

    /// <summary>
    /// SHA-256 of the records written as compact JSON (the writer's own escapes, whatever the vendor's spacing), first 12
    /// bytes in base64: what the loop check compares between consecutive pages and the cursor carries.
    /// </summary>
    internal string Fingerprint()
    {
        var written = _written ??= new ArrayBufferWriter<byte>(16 * 1024);
        written.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(written))
        {
            if (_tree is not null) _tree.WriteTo(writer);
            else _received.WriteTo(writer);
        }
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(written.WrittenSpan, hash);
        if (written.Capacity > MaxKeptBuffer) _written = null;
        return Convert.ToBase64String(hash[..12]);
    }
}
