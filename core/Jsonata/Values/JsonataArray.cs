namespace Serverless.Core.Jsonata.Values;

/// <summary>
/// A JSON array or a JSONata result sequence. The flags carry the language's sequence semantics:
/// a sequence of one item collapses to the item unless it must keep its singleton array.
/// </summary>
internal sealed class JsonataArray : List<object?>
{
    public JsonataArray()
    {
    }

    public JsonataArray(int capacity) : base(capacity)
    {
    }

    public JsonataArray(IEnumerable<object?> items) : base(items)
    {
    }

    /// <summary>Created by path evaluation rather than present in the input (collapses when singleton).</summary>
    internal bool IsSequence { get; set; }

    internal bool KeepSingleton { get; set; }

    /// <summary>Built by an array constructor: never flattened into an enclosing path result.</summary>
    internal bool IsConstructed { get; set; }

    /// <summary>Wraps an input document that is itself an array.</summary>
    internal bool IsOuterWrapper { get; set; }

    /// <summary>Items are <see cref="TupleBinding"/> frames (focus/index/ancestor bindings).</summary>
    internal bool IsTupleStream { get; set; }

    internal static JsonataArray Sequence() => new() { IsSequence = true };

    internal static JsonataArray Sequence(object? item)
    {
        // Like the reference's createSequence(x): an undefined item still occupies a slot.
        var s = new JsonataArray { IsSequence = true };
        s.Add(item);
        return s;
    }
}
