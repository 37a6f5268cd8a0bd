using System.Text;

namespace Serverless.Core.Jsonata.Formatting;

/// <summary>
/// $formatNumber: F&amp;O 3.1 fn:format-number (§4.7) with the decimal-format properties supplied as
/// options, behaving as jsonata-js 2.2.2 (including its picture validation codes D3080–D3093 and its
/// half-to-even rounding of the decimal digits).
/// </summary>
internal static class DecimalPictureFormatter
{
    private static readonly PictureCache<DecimalPicture> DefaultPictures =
        new(picture => DecimalPicture.Analyse(picture, DecimalFormatProperties.Default));

    /// <exception cref="JsonataFormattingException">D3080–D3093 when the picture string is invalid.</exception>
    public static string Format(double value, string picture, IReadOnlyDictionary<string, string>? options)
    {
        ArgumentNullException.ThrowIfNull(picture);
        var properties = DecimalFormatProperties.FromOptions(options);
        var analysed = ReferenceEquals(properties, DecimalFormatProperties.Default)
            ? DefaultPictures.Get(picture)
            : DecimalPicture.Analyse(picture, properties);
        return Format(value, analysed, properties);
    }

    private static string Format(double value, DecimalPicture picture, DecimalFormatProperties properties)
    {
        if (double.IsNaN(value)) return properties.NaN;

        var sub = value >= 0 ? picture.Positive : picture.Negative;
        if (double.IsInfinity(value)) return sub.Prefix + properties.Infinity + sub.Suffix;

        var adjusted = sub.Picture.Contains(properties.Percent, StringComparison.Ordinal) ? value * 100
            : sub.Picture.Contains(properties.PerMille, StringComparison.Ordinal) ? value * 1000
            : value;

        var mantissa = adjusted;
        int? exponent = null;
        if (sub.MinimumExponentSize > 0)
        {
            var maxMantissa = Math.Pow(10, sub.ScalingFactor);
            var minMantissa = Math.Pow(10, sub.ScalingFactor - 1);
            var e = 0;
            if (mantissa != 0)
            {
                while (Math.Abs(mantissa) < minMantissa)
                {
                    mantissa *= 10;
                    e--;
                }

                while (Math.Abs(mantissa) > maxMantissa)
                {
                    mantissa /= 10;
                    e++;
                }
            }

            exponent = e;
        }

        var rounded = RoundHalfToEven(mantissa, sub.MaximumFractionalPartSize);
        var family = properties.DigitFamily;
        var zero = properties.ZeroDigit;
        var decimalSeparator = properties.DecimalSeparator;
        var grouping = properties.GroupingSeparator;

        var text = ToDigits(JsNumberText.ToFixedAbsolute(rounded, sub.MaximumFractionalPartSize), family);
        var point = text.IndexOf('.', StringComparison.Ordinal);
        text = point < 0 ? text + decimalSeparator : text[..point] + decimalSeparator + text[(point + 1)..];
        while (zero.Length > 0 && text.StartsWith(zero, StringComparison.Ordinal)) text = text[zero.Length..];
        while (zero.Length > 0 && text.EndsWith(zero, StringComparison.Ordinal)) text = text[..^zero.Length];

        // Pad to the minimum integer and fractional sizes.
        var decimalPosition = text.IndexOf(decimalSeparator, StringComparison.Ordinal);
        var padLeft = sub.MinimumIntegerPartSize - decimalPosition;
        var padRight = sub.MinimumFractionalPartSize - (text.Length - decimalPosition - 1);
        if (padLeft > 0) text = Repeat(zero, padLeft) + text;
        if (padRight > 0) text += Repeat(zero, padRight);

        decimalPosition = text.IndexOf(decimalSeparator, StringComparison.Ordinal);
        if (sub.RegularGrouping > 0)
        {
            var groupCount = (decimalPosition - 1) / sub.RegularGrouping;
            for (var group = 1; group <= groupCount; group++)
            {
                var at = decimalPosition - group * sub.RegularGrouping;
                text = JsNumberText.Slice(text, 0, at) + grouping + JsNumberText.Slice(text, at);
            }
        }
        else
        {
            foreach (var position in sub.IntegerPartGroupingPositions)
            {
                var at = decimalPosition - position;
                text = JsNumberText.Slice(text, 0, at) + grouping + JsNumberText.Slice(text, at);
                decimalPosition++;
            }
        }

        decimalPosition = text.IndexOf(decimalSeparator, StringComparison.Ordinal);
        foreach (var position in sub.FractionalPartGroupingPositions)
        {
            var at = position + decimalPosition + 1;
            text = JsNumberText.Slice(text, 0, at) + grouping + JsNumberText.Slice(text, at);
        }

        // Drop the decimal separator when the picture has none or no fractional digits follow it.
        decimalPosition = text.IndexOf(decimalSeparator, StringComparison.Ordinal);
        if (!sub.Picture.Contains(decimalSeparator, StringComparison.Ordinal) || decimalPosition == text.Length - 1)
        {
            text = text[..^1];
        }

        if (exponent is { } exp)
        {
            var exponentText = ToDigits(JsNumberText.ToFixedAbsolute(exp, 0), family);
            var pad = sub.MinimumExponentSize - exponentText.Length;
            if (pad > 0) exponentText = Repeat(zero, pad) + exponentText;
            text += properties.ExponentSeparator + (exp < 0 ? properties.MinusSign : "") + exponentText;
        }

        return sub.Prefix + text + sub.Suffix;
    }

    /// <summary>
    /// The reference's $round: shift the decimal point through the shortest decimal text (so that
    /// binary representation error does not leak in), round half to even, shift back.
    /// </summary>
    internal static double RoundHalfToEven(double value, int precision)
    {
        var shifted = precision == 0 ? value : ShiftDecimalPoint(value, precision);
        var result = Math.Floor(shifted);
        if (shifted - result >= 0.5) result += 1;
        if (Math.Abs(result - shifted) == 0.5 && Math.Abs(result % 2) == 1) result -= 1;
        if (precision != 0) result = ShiftDecimalPoint(result, -precision);
        return result == 0 ? 0 : result;
    }

    private static double ShiftDecimalPoint(double value, int places)
    {
        if (!double.IsFinite(value)) return value;
        var text = JsNumberText.ToJsString(value);
        var e = text.IndexOf('e', StringComparison.Ordinal);
        var mantissa = e < 0 ? text : text[..e];
        var exponent = e < 0 ? 0 : int.Parse(text[(e + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return double.Parse(mantissa + "e" + (exponent + places).ToString(System.Globalization.CultureInfo.InvariantCulture),
            System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string ToDigits(string asciiNumber, string family)
    {
        if (family[0] == '0') return asciiNumber;
        var builder = new StringBuilder(asciiNumber.Length);
        foreach (var c in asciiNumber) builder.Append(c is >= '0' and <= '9' ? family[c - '0'] : c);
        return builder.ToString();
    }

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();
}
