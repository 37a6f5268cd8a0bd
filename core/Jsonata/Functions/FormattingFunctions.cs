using Serverless.Core.Jsonata.Formatting;
using Serverless.Core.Jsonata.Values;

namespace Serverless.Core.Jsonata.Functions;

/// <summary>Binds the picture-string built-ins to the formatters in <c>Jsonata/Formatting</c>.</summary>
internal static partial class BuiltinFunctions
{
    static partial void RegisterFormatting(JsonataFunctionRegistry r)
    {
        r.Add("formatNumber", "<n-so?:s>", 3, (_, a) => a[0] is double d
            ? Formatted(() => DecimalPictureFormatter.Format(d, (string)a[1]!, a.Length > 2 ? ToOptions(a[2]) : null))
            : null);
        r.Add("formatInteger", "<n-s:s>", 2, (_, a) => a[0] is double d
            ? Formatted(() => IntegerPictureFormatter.Format(d, (string)a[1]!))
            : null);
        r.Add("parseInteger", "<s-s:n>", 2, (_, a) => a[0] is string s
            ? Formatted(() => IntegerPictureFormatter.Parse(s, (string)a[1]!))
            : null);
        r.Add("fromMillis", "<n-s?s?:s>", 3, (_, a) => a[0] is double d
            ? Formatted(() => DateTimePictureFormatter.Format((long)Math.Floor(d), a.Length > 1 ? a[1] as string : null, a.Length > 2 ? a[2] as string : null))
            : null);
        r.Add("toMillis", "<s-s?:n>", 2, (_, a) => a[0] is string s
            ? Formatted(() => DateTimePictureFormatter.Parse(s, a.Length > 1 ? a[1] as string : null) is long ms ? (double)ms : (object?)null)
            : null);
    }

    private static IReadOnlyDictionary<string, string>? ToOptions(object? value)
    {
        if (value is not JsonataObject o)
        {
            return null;
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kv in o)
        {
            if (kv.Value is not null)
            {
                result[kv.Key] = kv.Value as string ?? StringOf(kv.Value);
            }
        }
        return result;
    }

    private static object? Formatted<T>(Func<T> format)
    {
        try
        {
            return format();
        }
        catch (JsonataFormattingException e)
        {
            throw new JsonataException(e.Code, e.Message, inner: e);
        }
    }
}
