namespace Serverless.Core.Jsonata.Values;

/// <summary>The two booleans, boxed once: values are <c>object?</c>, and boxing on every comparison would allocate.</summary>
internal static class BoxedBool
{
    public static readonly object True = true;
    public static readonly object False = false;

    public static object Of(bool b) => b ? True : False;
}
