using Serverless.Core.Jsonata;
using Serverless.Core.Jsonata.Values;

namespace Serverless.JsonataConformance;

/// <summary>Functions the eval/bench verbs add to the built-ins: $mapValues for benchmark expression c.</summary>
public static class ToolFunctions
{
    public static JsonataFunctionRegistry Registry { get; } = new JsonataFunctionRegistry()
        .Register("mapValues", "<xo:x>", (_, args) => MapValues(args[0], args[1] as JsonataObject))
        .Freeze();

    /// <summary>$mapValues(value, mapping): mapping[value], element-wise over arrays.</summary>
    public static object? MapValues(object? value, JsonataObject? mapping)
    {
        if (value is null || mapping is null)
        {
            return null;
        }
        if (value is JsonataArray array)
        {
            var result = new JsonataArray(array.Count);
            foreach (var item in array)
            {
                result.Add(item is string k && mapping.TryGetValue(k, out var v) ? v : null);
            }
            return result;
        }
        var key = value is string s ? s : Serverless.Core.Jsonata.Values.JsonValueWriter.Stringify(value, false, false);
        return mapping.TryGetValue(key, out var mapped) ? mapped : null;
    }
}
