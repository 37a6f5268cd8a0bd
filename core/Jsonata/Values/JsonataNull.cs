namespace Serverless.Core.Jsonata.Values;

/// <summary>The JSON <c>null</c> value. (JSONata's <em>undefined</em> is C# <c>null</c>.)</summary>
internal sealed class JsonataNull
{
    public static readonly JsonataNull Value = new();

    private JsonataNull()
    {
    }

    public override string ToString() => "null";
}
