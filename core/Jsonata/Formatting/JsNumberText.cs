using System.Globalization;
using System.Numerics;

namespace Serverless.Core.Jsonata.Formatting;

/// <summary>
/// The JavaScript number-to-text conversions the reference implementation's formatting relies on
/// (Number.prototype.toString and toFixed), reproduced so that rounding and digit strings match it.
/// </summary>
internal static class JsNumberText
{
    /// <summary>Number.prototype.toString(): shortest round-trip digits, exponent form outside [1e-7, 1e21).</summary>
    public static string ToJsString(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "Infinity";
        if (double.IsNegativeInfinity(value)) return "-Infinity";
        if (value == 0) return "0";

        var sign = value < 0 ? "-" : "";
        var (digits, point) = ShortestDigits(Math.Abs(value));
        var k = digits.Length;
        string body;
        if (k <= point && point <= 21)
        {
            body = digits + new string('0', point - k);
        }
        else if (0 < point && point <= 21)
        {
            body = digits[..point] + "." + digits[point..];
        }
        else if (-6 < point && point <= 0)
        {
            body = "0." + new string('0', -point) + digits;
        }
        else
        {
            var exponent = point - 1;
            var expText = (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
            body = k == 1 ? digits + "e" + expText : digits[..1] + "." + digits[1..] + "e" + expText;
        }

        return sign + body;
    }

    /// <summary>
    /// Number.prototype.toFixed(fractionDigits) of the absolute value: the exact binary value rounded
    /// half-up at the requested position (values of 1e21 and above fall back to toString).
    /// </summary>
    public static string ToFixedAbsolute(double value, int fractionDigits)
    {
        var abs = Math.Abs(value);
        if (abs >= 1e21 || !double.IsFinite(abs)) return ToJsString(abs);

        var bits = BitConverter.DoubleToInt64Bits(abs);
        var exponentBits = (int)((bits >> 52) & 0x7FF);
        var fraction = bits & 0xFFFFFFFFFFFFFL;
        BigInteger mantissa = exponentBits == 0 ? fraction : fraction | (1L << 52);
        var binaryExponent = exponentBits == 0 ? -1074 : exponentBits - 1075;

        var scale = BigInteger.Pow(10, fractionDigits);
        BigInteger scaled;
        if (binaryExponent >= 0)
        {
            scaled = (mantissa << binaryExponent) * scale;
        }
        else
        {
            var numerator = mantissa * scale;
            var denominator = BigInteger.One << -binaryExponent;
            scaled = (2 * numerator + denominator) / (2 * denominator);
        }

        var text = scaled.ToString(CultureInfo.InvariantCulture);
        if (fractionDigits == 0) return text;
        if (text.Length <= fractionDigits) text = new string('0', fractionDigits - text.Length + 1) + text;
        return text[..^fractionDigits] + "." + text[^fractionDigits..];
    }

    /// <summary>JavaScript's String.prototype.slice: negative indices count from the end, out-of-range ones clamp.</summary>
    public static string Slice(string text, int start, int? end = null)
    {
        var length = text.Length;
        var from = start < 0 ? Math.Max(length + start, 0) : Math.Min(start, length);
        var to = end is null ? length : end.Value < 0 ? Math.Max(length + end.Value, 0) : Math.Min(end.Value, length);
        return to > from ? text[from..to] : "";
    }

    /// <summary>JavaScript's parseInt(text, 10): optional sign and leading decimal digits, NaN when there are none.</summary>
    public static double ParseIntPrefix(string text)
    {
        var i = 0;
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        var negative = false;
        if (i < text.Length && (text[i] == '+' || text[i] == '-'))
        {
            negative = text[i] == '-';
            i++;
        }

        var start = i;
        while (i < text.Length && text[i] is >= '0' and <= '9') i++;
        if (i == start) return double.NaN;
        var result = double.Parse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture);
        return negative ? -result : result;
    }

    private static (string Digits, int Point) ShortestDigits(double positive)
    {
        var text = positive.ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var point = (dot < 0 ? text.Length : dot) + exponent;
        var digits = dot < 0 ? text : text.Remove(dot, 1);
        var leading = 0;
        while (leading < digits.Length - 1 && digits[leading] == '0') leading++;
        digits = digits[leading..];
        point -= leading;
        return (digits.TrimEnd('0') is { Length: > 0 } trimmed ? trimmed : "0", point);
    }
}
