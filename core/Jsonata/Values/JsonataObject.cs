namespace Serverless.Core.Jsonata.Values;

/// <summary>A JSON object; keys keep their insertion order like JavaScript objects.</summary>
public sealed class JsonataObject : OrderedDictionary<string, object?>
{
    public JsonataObject() : base(StringComparer.Ordinal)
    {
    }

    public JsonataObject(int capacity) : base(capacity, StringComparer.Ordinal)
    {
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
