namespace Serverless.Core.Jsonata.Values;

/// <summary>Equality, truthiness and type names as the JSONata language defines them.</summary>
internal static class ValueSemantics
{
    public static bool DeepEquals(object? a, object? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }
        switch (a)
        {
            case double da:
                return b is double db && da == db;
            case string sa:
                return b is string sb && string.Equals(sa, sb, StringComparison.Ordinal);
            case bool ba:
                return b is bool bb && ba == bb;
            case JsonataArray la:
                {
                    if (b is not JsonataArray lb || la.Count != lb.Count)
                    {
                        return false;
                    }
                    for (var i = 0; i < la.Count; i++)
                    {
                        if (!DeepEquals(la[i], lb[i]))
                        {
                            return false;
                        }
                    }
                    return true;
                }
            case JsonataObject oa:
                {
                    if (b is not JsonataObject ob || oa.Count != ob.Count)
                    {
                        return false;
                    }
                    foreach (var kv in oa)
                    {
                        if (!ob.TryGetValue(kv.Key, out var v) || !DeepEquals(kv.Value, v))
                        {
                            return false;
                        }
                    }
                    return true;
                }
            default:
                return false;
        }
    }

    /// <summary>JSONata's $boolean(); null stands for undefined.</summary>
    public static bool? ToBoolean(object? value) => value switch
    {
        null => null,
        bool b => b,
        double d => d != 0,
        string s => s.Length > 0,
        JsonataNull => false,
        JsonataFunction => false,
        JsonataArray a => ArrayTruthy(a),
        JsonataObject o => o.Count > 0,
        _ => false,
    };

    public static bool IsTruthy(object? value) => ToBoolean(value) == true;

    private static bool ArrayTruthy(JsonataArray a)
    {
        if (a.Count == 0)
        {
            return false;
        }
        if (a.Count == 1)
        {
            return ToBoolean(a[0]) == true;
        }
        foreach (var item in a)
        {
            if (ToBoolean(item) == true)
            {
                return true;
            }
        }
        return false;
    }

    public static string? TypeName(object? value) => value switch
    {
        null => null,
        JsonataNull => "null",
        double => "number",
        string => "string",
        bool => "boolean",
        JsonataArray => "array",
        JsonataFunction => "function",
        _ => "object",
    };

    public static bool IsArrayOfStrings(object? value)
    {
        if (value is not JsonataArray a)
        {
            return false;
        }
        foreach (var item in a)
        {
            if (item is not string)
            {
                return false;
            }
        }
        return true;
    }

    public static bool IsArrayOfNumbers(object? value)
    {
        if (value is not JsonataArray a)
        {
            return false;
        }
        foreach (var item in a)
        {
            if (item is not double)
            {
                return false;
            }
        }
        return true;
    }
}
