using System.Globalization;
using System.Text;

namespace Serverless.Core.Jsonata.Values;

/// <summary>Formats doubles exactly like JavaScript's Number.prototype.toString (shortest round-trip digits).</summary>
internal static class NumberText
{
    public static string ToJs(double d)
    {
        if (d == 0)
        {
            return "0";
        }
        if (double.IsNaN(d))
        {
            return "NaN";
        }
        if (double.IsInfinity(d))
        {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == Math.Floor(d) && Math.Abs(d) < 1e15)
        {
            return ((long)d).ToString(CultureInfo.InvariantCulture);
        }
        // Shortest round-trip: "R" gives the digits; normalise them into JS layout.
        var s = d.ToString("R", CultureInfo.InvariantCulture);
        var negative = s[0] == '-';
        if (negative)
        {
            s = s.Substring(1);
        }
        string digits;
        int exponent; // value = 0.digits * 10^exponent
        var ePos = s.IndexOfAny(['E', 'e']);
        var mantissa = ePos >= 0 ? s.Substring(0, ePos) : s;
        var exp10 = ePos >= 0 ? int.Parse(s.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var dot = mantissa.IndexOf('.');
        var intPart = dot >= 0 ? mantissa.Substring(0, dot) : mantissa;
        var fracPart = dot >= 0 ? mantissa.Substring(dot + 1) : "";
        digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - (intPart + fracPart).TrimStart('0').Length;
        exponent = intPart.Length + exp10 - leadingZeros;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            return "0";
        }
        var k = digits.Length;
        var n = exponent;
        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }
        if (k <= n && n <= 21)
        {
            sb.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            sb.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            sb.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            var e = n - 1;
            sb.Append(digits[0]);
            if (k > 1)
            {
                sb.Append('.').Append(digits, 1, k - 1);
            }
            sb.Append('e').Append(e >= 0 ? "+" : "-").Append(Math.Abs(e).ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>Number(x.toPrecision(15)): how $string and JSON output round numbers.</summary>
    public static double Round15(double d)
    {
        if (d == 0 || double.IsNaN(d) || double.IsInfinity(d))
        {
            return d;
        }
        return double.Parse(d.ToString("E14", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
