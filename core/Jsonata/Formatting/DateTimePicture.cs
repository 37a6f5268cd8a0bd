using System.Text;

namespace Serverless.Core.Jsonata.Formatting;

/// <summary>A piece of an analysed fn:format-dateTime picture: literal text or a variable marker.</summary>
internal abstract record DateTimePicturePart;

internal sealed record LiteralPart(string Text) : DateTimePicturePart;

/// <summary>
/// A variable marker such as [D1o] or [MNn,3-3] (F&amp;O §9.8.4.1): the component letter, its
/// presentation modifiers and width. Integer-valued components carry their integer picture; name-valued
/// ones (N, n, Nn) their letter case.
/// </summary>
internal sealed record MarkerPart(
    char Component,
    string Presentation1,
    string? Presentation2,
    LetterCase? Names,
    int? MinWidth,
    int? MaxWidth,
    IntegerPicture? IntegerFormat,
    int YearDigits) : DateTimePicturePart;

internal sealed record DateTimePicture(IReadOnlyList<DateTimePicturePart> Parts)
{
    private const string IntegerComponents = "YMDdFWwXxHhmsf";

    public static DateTimePicture Analyse(string picture)
    {
        var parts = new List<DateTimePicturePart>();
        var literal = new StringBuilder();
        var pos = 0;
        while (pos < picture.Length)
        {
            var c = picture[pos];
            if (c == '[' && pos + 1 < picture.Length && picture[pos + 1] == '[')
            {
                literal.Append('[');
                pos += 2;
                continue;
            }

            if (c == ']' && pos + 1 < picture.Length && picture[pos + 1] == ']')
            {
                literal.Append(']');
                pos += 2;
                continue;
            }

            if (c != '[')
            {
                literal.Append(c);
                pos++;
                continue;
            }

            var close = picture.IndexOf(']', pos);
            if (close == -1)
            {
                throw new JsonataFormattingException("D3135", $"The picture string '{picture}' has a variable marker with no closing ']'.");
            }

            if (literal.Length > 0)
            {
                parts.Add(new LiteralPart(literal.ToString()));
                literal.Clear();
            }

            var marker = AnalyseMarker(picture[(pos + 1)..close], picture);
            if (marker.IntegerFormat is not null && IntegerComponents.Contains(marker.Component, StringComparison.Ordinal)
                && parts.Count > 0 && parts[^1] is MarkerPart { IntegerFormat: { } previous } previousMarker)
            {
                // Two adjacent numbers ("[Y0001][M01]") can only be told apart by fixed widths.
                parts[^1] = previousMarker with { IntegerFormat = previous with { ParseWidth = previous.MandatoryDigits } };
            }

            parts.Add(marker);
            pos = close + 1;
        }

        if (literal.Length > 0) parts.Add(new LiteralPart(literal.ToString()));
        return new DateTimePicture(parts);
    }

    private static MarkerPart AnalyseMarker(string text, string picture)
    {
        // Whitespace inside a variable marker is insignificant.
        var marker = string.Concat(text.Where(ch => !char.IsWhiteSpace(ch)));
        if (marker.Length == 0)
        {
            throw new JsonataFormattingException("D3132", $"The picture string '{picture}' has an empty variable marker.");
        }

        var component = marker[0];
        int? minWidth = null, maxWidth = null;
        var hasWidth = false;
        string presentation;
        var comma = marker.LastIndexOf(',');
        if (comma != -1)
        {
            hasWidth = true;
            var width = marker[(comma + 1)..];
            var dash = width.IndexOf('-', StringComparison.Ordinal);
            minWidth = ParseWidth(dash == -1 ? width : width[..dash]);
            maxWidth = dash == -1 ? null : ParseWidth(width[(dash + 1)..]);
            presentation = marker[1..comma];
        }
        else
        {
            presentation = marker[1..];
        }

        string? presentation1;
        string? presentation2 = null;
        if (presentation.Length == 1)
        {
            presentation1 = presentation;
        }
        else if (presentation.Length > 1 && "atco".Contains(presentation[^1], StringComparison.Ordinal))
        {
            // 'o' asks for ordinals; 'c' (cardinal, the default), 'a' and 't' need no action for English.
            presentation2 = presentation[^1..];
            presentation1 = presentation[..^1];
        }
        else if (presentation.Length > 1)
        {
            presentation1 = presentation;
        }
        else
        {
            presentation1 = DefaultPresentation(component);
        }

        if (presentation1 is null || !"YMDdFWwXxHhPmsfZzCE".Contains(component, StringComparison.Ordinal))
        {
            throw new JsonataFormattingException("D3132", $"Unknown component specifier '{component}' in the picture string '{picture}'.");
        }

        LetterCase? names = presentation1[0] switch
        {
            'n' => LetterCase.Lower,
            'N' => presentation1.Length > 1 && presentation1[1] == 'n' ? LetterCase.Title : LetterCase.Upper,
            _ => null,
        };

        IntegerPicture? integerFormat = null;
        var yearDigits = -1;
        if (names is null && IntegerComponents.Contains(component, StringComparison.Ordinal))
        {
            integerFormat = IntegerPicture.Analyse(presentation2 is null ? presentation1 : presentation1 + ";" + presentation2);
            if (minWidth is { } min && integerFormat.MandatoryDigits < min)
            {
                integerFormat = integerFormat with { MandatoryDigits = min };
            }

            if (component == 'Y')
            {
                // §9.8.4.4: a year shown with a maximum width, or a picture of two or more digits, is truncated to that many digits.
                if (maxWidth is { } max)
                {
                    yearDigits = max;
                    integerFormat = integerFormat with { MandatoryDigits = max };
                }
                else if (integerFormat.MandatoryDigits + integerFormat.OptionalDigits >= 2)
                {
                    yearDigits = integerFormat.MandatoryDigits + integerFormat.OptionalDigits;
                }
            }
        }

        if (component is 'Z' or 'z') integerFormat = IntegerPicture.Analyse(presentation1);

        return new MarkerPart(component, presentation1, presentation2, names,
            hasWidth ? minWidth : null, hasWidth ? maxWidth : null, integerFormat, yearDigits);
    }

    private static int? ParseWidth(string width) =>
        width == "*" || width.Length == 0 ? null
        : JsNumberText.ParseIntPrefix(width) is var value && double.IsNaN(value) ? null
        : (int)Math.Min(value, int.MaxValue);

    private static string? DefaultPresentation(char component) => component switch
    {
        'Y' or 'M' or 'D' or 'd' or 'W' or 'w' or 'X' or 'x' or 'H' or 'h' or 'f' => "1",
        'F' or 'P' or 'C' or 'E' => "n",
        'm' or 's' => "01",
        'Z' or 'z' => "01:01",
        _ => null,
    };
}
