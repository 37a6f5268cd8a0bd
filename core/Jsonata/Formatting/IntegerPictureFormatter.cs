using System.Globalization;
using System.Text;

namespace Serverless.Core.Jsonata.Formatting;

/// <summary>
/// $formatInteger and $parseInteger: F&amp;O 3.1 fn:format-integer pictures (decimal digit patterns in
/// any Unicode digit family with grouping separators, a/A letters, i/I Roman numerals, w/W/Ww English
/// words, ";o" ordinals), behaving as jsonata-js 2.2.2.
/// </summary>
internal static class IntegerPictureFormatter
{
    private static readonly PictureCache<IntegerPicture> Pictures = new(IntegerPicture.Analyse);

    /// <summary>Formats the integer part (floor) of <paramref name="value"/> as the picture describes.</summary>
    /// <exception cref="JsonataFormattingException">
    /// D3130 for an unsupported numbering sequence, D3131 for mixed digit families, D1001 for a value
    /// that cannot be written (not finite, or too large for Roman numerals).
    /// </exception>
    public static string Format(double value, string picture)
    {
        ArgumentNullException.ThrowIfNull(picture);
        if (!double.IsFinite(value)) throw OutOfRange(value);
        return Format(Math.Floor(value), Pictures.Get(picture));
    }

    /// <summary>The inverse of <see cref="Format(double, string)"/>; null when the text does not read as a number.</summary>
    /// <exception cref="JsonataFormattingException">D3130 for an unsupported numbering sequence, D3131 for mixed digit families.</exception>
    public static double? Parse(string value, string picture)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(picture);
        var result = Read(value, Pictures.Get(picture));
        return double.IsNaN(result) ? null : result;
    }

    internal static string Format(double value, IntegerPicture picture)
    {
        var negative = value < 0;
        value = Math.Abs(value);
        var text = picture.Style switch
        {
            NumeralStyle.Letters => AlphabeticNumerals.ToLetters(value, picture.Case == LetterCase.Upper ? 'A' : 'a'),
            NumeralStyle.Roman when value >= MaxRomanValue => throw OutOfRange(value),
            NumeralStyle.Roman => picture.Case == LetterCase.Upper
                ? RomanNumerals.ToRoman(value).ToUpperInvariant()
                : RomanNumerals.ToRoman(value),
            NumeralStyle.Words => picture.Case switch
            {
                LetterCase.Upper => EnglishNumberWords.ToWords(value, picture.Ordinal).ToUpperInvariant(),
                LetterCase.Lower => EnglishNumberWords.ToWords(value, picture.Ordinal).ToLowerInvariant(),
                _ => EnglishNumberWords.ToWords(value, picture.Ordinal),
            },
            NumeralStyle.Decimal => FormatDigits(value, picture),
            _ => throw UnsupportedSequence(picture),
        };
        return negative ? "-" + text : text;
    }

    /// <summary>Reads text written in the picture's notation; NaN when it cannot.</summary>
    internal static double Read(string text, IntegerPicture picture)
    {
        switch (picture.Style)
        {
            case NumeralStyle.Letters:
                return AlphabeticNumerals.ToNumber(text, picture.Case == LetterCase.Upper ? 'A' : 'a');
            case NumeralStyle.Roman:
                return RomanNumerals.ToNumber(picture.Case == LetterCase.Upper ? text : text.ToUpperInvariant());
            case NumeralStyle.Words:
                return EnglishNumberWords.ToNumber(text.ToLowerInvariant());
            case NumeralStyle.Decimal:
                var digits = picture.Ordinal && text.Length >= 2 ? text[..^2] : text;
                var ascii = new StringBuilder(digits.Length);
                foreach (var rune in digits.EnumerateRunes())
                {
                    if (picture.Separators.Any(s => s.Character == rune.ToString())) continue;
                    var offset = rune.Value - picture.ZeroCodePoint;
                    ascii.Append(offset is >= 0 and <= 9 ? (char)('0' + offset) : rune.ToString());
                }

                return JsNumberText.ParseIntPrefix(ascii.ToString());
            default:
                throw UnsupportedSequence(picture);
        }
    }

    /// <summary>The regular expression a date/time picture uses to find this component in a timestamp.</summary>
    internal static string MatchPattern(IntegerPicture picture) => picture.Style switch
    {
        NumeralStyle.Letters => picture.Case == LetterCase.Upper ? "[A-Z]+" : "[a-z]+",
        NumeralStyle.Roman => picture.Case == LetterCase.Upper ? "[MDCLXVI]+" : "[mdclxvi]+",
        NumeralStyle.Words => EnglishNumberWords.Pattern,
        NumeralStyle.Decimal => "[0-9]"
            + (picture.ParseWidth is { } width ? "{" + width.ToString(CultureInfo.InvariantCulture) + "}" : "+")
            + (picture.Ordinal ? "(?:th|st|nd|rd)" : ""),
        _ => throw UnsupportedSequence(picture),
    };

    /// <summary>Roman numerals repeat M for every thousand; beyond this the text would be absurdly long.</summary>
    private const double MaxRomanValue = 10_000_000;

    internal static JsonataFormattingException OutOfRange(double value) =>
        new("D1001", $"Number out of range: {JsNumberText.ToJsString(value)} cannot be written with this picture.");

    internal static JsonataFormattingException UnsupportedSequence(IntegerPicture picture) =>
        new("D3130", $"The numbering sequence '{picture.Token}' in the picture string is not supported.");

    private static string FormatDigits(double value, IntegerPicture picture)
    {
        var plain = JsNumberText.ToJsString(value);
        var digits = new List<string>(Math.Max(plain.Length, picture.MandatoryDigits) + 8);
        for (var pad = picture.MandatoryDigits - plain.Length; pad > 0; pad--) digits.Add(Digit(0, picture));
        foreach (var c in plain) digits.Add(c is >= '0' and <= '9' ? Digit(c - '0', picture) : c.ToString());

        if (picture.RegularGroupSize > 0)
        {
            var separator = picture.Separators[0].Character;
            var groups = (digits.Count - 1) / picture.RegularGroupSize;
            for (var group = groups; group > 0; group--)
            {
                digits.Insert(digits.Count - group * picture.RegularGroupSize, separator);
            }
        }
        else
        {
            // Leftmost separator first; each is placed counting digits from the right, so earlier insertions do not shift later ones.
            var digitCount = digits.Count;
            foreach (var separator in picture.Separators)
            {
                if (separator.Position <= 0 || separator.Position >= digitCount) continue;
                digits.Insert(digits.Count - separator.Position, separator.Character);
            }
        }

        var text = string.Concat(digits);
        if (!picture.Ordinal) return text;

        var lastDigit = value % 10;
        var tensDigit = Math.Floor(value / 10) % 10;
        var suffix = tensDigit == 1 ? "th" : lastDigit switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return text + suffix;
    }

    private static string Digit(int digit, IntegerPicture picture) =>
        picture.ZeroCodePoint == '0' ? ((char)('0' + digit)).ToString() : char.ConvertFromUtf32(picture.ZeroCodePoint + digit);
}
