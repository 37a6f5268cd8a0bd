using Serverless.Core.Jsonata.Values;

namespace Serverless.Core.Jsonata.Extensions;

/// <summary>Value tests and conversions shared by the extension functions.</summary>
internal static class ExtensionValues
{
    /// <summary>Undefined, null, "", [] or {}: what Truto's "empty" means.</summary>
    public static bool IsEmpty(object? value) => value switch
    {
        null or JsonataNull => true,
        string s => s.Length == 0,
        JsonataArray a => a.Count == 0,
        JsonataObject o => o.Count == 0,
        _ => false,
    };

    /// <summary>The text a value has as an object key: strings as is, other scalars as JSON.</summary>
    public static string KeyText(object? value) => value switch
    {
        string s => s,
        double d => NumberText.ToJs(d),
        bool b => b ? "true" : "false",
        null => "undefined",
        _ => JsonValueWriter.Stringify(value, false, false),
    };

    /// <summary>The error extension functions raise for a bad argument value (types are checked by signatures).</summary>
    public static JsonataException Error(string code, string message, object? value = null) => new(code, message) { Value = value };

    /// <summary>Calls a function argument with as many of (item, index, array) as it declares.</summary>
    public static object? Call(JsonataCallContext context, JsonataFunction function, object? item, int index, JsonataArray array) =>
        function.Arity switch
        {
            <= 1 => context.Invoke(function, item),
            2 => context.Invoke(function, item, (double)index),
            _ => context.Invoke(function, item, (double)index, array),
        };

    /// <summary>Reads a dotted path (<c>a.b.c</c>) from an object; undefined when any step is missing.</summary>
    public static object? ReadPath(object? value, string path)
    {
        var current = value;
        foreach (var segment in path.Split('.'))
        {
            if (current is not JsonataObject o || !o.TryGetValue(segment, out current))
            {
                return null;
            }
        }
        return current;
    }
}
