using System.Globalization;
using System.Text;

namespace Serverless.Core.Jsonata.Formatting;

internal enum NumeralStyle
{
    Decimal,
    Letters,
    Roman,
    Words,
    /// <summary>Any other numbering sequence: implementation-defined by F&amp;O and unsupported (D3130).</summary>
    Sequence,
}

internal enum LetterCase
{
    Lower,
    Upper,
    Title,
}

/// <summary>A grouping separator, <see cref="Position"/> digits from the right of the number.</summary>
internal sealed record GroupingSeparator(int Position, string Character);

/// <summary>
/// An analysed fn:format-integer picture (F&amp;O 3.1 §4.6.1): the primary format token and its
/// ordinal modifier. Decimal-digit patterns record their digit family, width and grouping.
/// </summary>
internal sealed record IntegerPicture
{
    public NumeralStyle Style { get; init; } = NumeralStyle.Decimal;
    public LetterCase Case { get; init; } = LetterCase.Lower;
    public bool Ordinal { get; init; }
    /// <summary>The code point of the zero of the picture's decimal digit family.</summary>
    public int ZeroCodePoint { get; init; } = '0';
    public int MandatoryDigits { get; init; }
    public int OptionalDigits { get; init; }
    /// <summary>Interval of regularly repeating separators (e.g. 3 for #,##0), 0 when irregular or none.</summary>
    public int RegularGroupSize { get; init; }
    public IReadOnlyList<GroupingSeparator> Separators { get; init; } = [];
    /// <summary>The picture's primary token, reported when it names an unsupported sequence.</summary>
    public string Token { get; init; } = "";
    /// <summary>Exact digit count to read when parsing (set when a number component immediately follows).</summary>
    public int? ParseWidth { get; init; }

    public static IntegerPicture Analyse(string picture)
    {
        var semicolon = picture.LastIndexOf(';');
        var primary = semicolon < 0 ? picture : picture[..semicolon];
        var ordinal = semicolon >= 0 && semicolon + 1 < picture.Length && picture[semicolon + 1] == 'o';

        return primary switch
        {
            "A" => new IntegerPicture { Style = NumeralStyle.Letters, Case = LetterCase.Upper, Ordinal = ordinal },
            "a" => new IntegerPicture { Style = NumeralStyle.Letters, Ordinal = ordinal },
            "I" => new IntegerPicture { Style = NumeralStyle.Roman, Case = LetterCase.Upper, Ordinal = ordinal },
            "i" => new IntegerPicture { Style = NumeralStyle.Roman, Ordinal = ordinal },
            "W" => new IntegerPicture { Style = NumeralStyle.Words, Case = LetterCase.Upper, Ordinal = ordinal },
            "Ww" => new IntegerPicture { Style = NumeralStyle.Words, Case = LetterCase.Title, Ordinal = ordinal },
            "w" => new IntegerPicture { Style = NumeralStyle.Words, Ordinal = ordinal },
            _ => AnalyseDigitPattern(primary, ordinal),
        };
    }

    private static IntegerPicture AnalyseDigitPattern(string primary, bool ordinal)
    {
        int? zero = null;
        var mandatory = 0;
        var optional = 0;
        var position = 0;
        var separators = new List<GroupingSeparator>();

        // Positions are counted from the right, so walk the pattern backwards.
        var runes = primary.EnumerateRunes().ToArray();
        for (var i = runes.Length - 1; i >= 0; i--)
        {
            var rune = runes[i];
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.DecimalDigitNumber)
            {
                var familyZero = rune.Value - (int)Rune.GetNumericValue(rune);
                zero ??= familyZero;
                if (zero != familyZero)
                {
                    throw new JsonataFormattingException("D3131",
                        $"The picture '{primary}' mixes decimal digits from different digit families.");
                }

                mandatory++;
                position++;
            }
            else if (rune.Value == '#')
            {
                optional++;
                position++;
            }
            else
            {
                separators.Add(new GroupingSeparator(position, rune.ToString()));
            }
        }

        if (mandatory == 0)
        {
            return new IntegerPicture { Style = NumeralStyle.Sequence, Token = primary, Ordinal = ordinal };
        }

        separators.Reverse();
        return new IntegerPicture
        {
            Style = NumeralStyle.Decimal,
            Ordinal = ordinal,
            ZeroCodePoint = zero ?? '0',
            MandatoryDigits = mandatory,
            OptionalDigits = optional,
            RegularGroupSize = RegularInterval(separators),
            Separators = separators,
        };
    }

    /// <summary>
    /// F&amp;O: separators are regular when they are all the same character and sit at every multiple
    /// of one interval (the greatest common divisor of their positions).
    /// </summary>
    private static int RegularInterval(IReadOnlyList<GroupingSeparator> separators)
    {
        if (separators.Count == 0) return 0;
        if (separators.Any(s => s.Character != separators[0].Character)) return 0;
        var factor = separators.Select(s => s.Position).Aggregate(GreatestCommonDivisor);
        for (var multiple = 1; multiple <= separators.Count; multiple++)
        {
            if (separators.All(s => s.Position != multiple * factor)) return 0;
        }

        return factor;
    }

    internal static int GreatestCommonDivisor(int a, int b) => b == 0 ? a : GreatestCommonDivisor(b, a % b);
}
