namespace Serverless.Core.Jsonata.Formatting;

/// <summary>One analysed sub-picture of a format-number picture (F&amp;O §4.7.4 "variables").</summary>
internal sealed record DecimalSubPicture(
    string Picture,
    string Prefix,
    string Suffix,
    IReadOnlyList<int> IntegerPartGroupingPositions,
    int RegularGrouping,
    int MinimumIntegerPartSize,
    int ScalingFactor,
    IReadOnlyList<int> FractionalPartGroupingPositions,
    int MinimumFractionalPartSize,
    int MaximumFractionalPartSize,
    int MinimumExponentSize);

/// <summary>
/// An analysed and validated format-number picture: the sub-picture for non-negative numbers and the
/// one for negative numbers (the positive one prefixed with the minus sign when not given).
/// </summary>
internal sealed record DecimalPicture(DecimalSubPicture Positive, DecimalSubPicture Negative)
{
    private sealed record Parts(
        string SubPicture, string Prefix, string Suffix, string ActivePart, string MantissaPart,
        string? ExponentPart, string IntegerPart, string FractionalPart);

    public static DecimalPicture Analyse(string picture, DecimalFormatProperties properties)
    {
        var subPictures = picture.Split(properties.PatternSeparator);
        if (subPictures.Length > 2)
        {
            throw new JsonataFormattingException("D3080", "The picture string must not contain more than one pattern separator.");
        }

        var parts = subPictures.Select(sub => Split(sub, properties)).ToArray();
        foreach (var part in parts) Validate(part, properties);

        var positive = Analyse(parts[0], properties);
        var negative = parts.Length > 1
            ? Analyse(parts[1], properties)
            : positive with { Prefix = properties.MinusSign + positive.Prefix };
        return new DecimalPicture(positive, negative);
    }

    private static bool IsActive(char c, DecimalFormatProperties p) =>
        p.DigitFamily.Contains(c) || IsChar(p.DecimalSeparator, c) || IsChar(p.ExponentSeparator, c)
        || IsChar(p.GroupingSeparator, c) || IsChar(p.Digit, c) || IsChar(p.PatternSeparator, c);

    private static bool IsChar(string property, char c) => property.Length == 1 && property[0] == c;

    private static bool IsDigit(char c, DecimalFormatProperties p) => p.DigitFamily.Contains(c);

    private static bool IsDigitOrOptional(char c, DecimalFormatProperties p) => IsDigit(c, p) || IsChar(p.Digit, c);

    // The prefix runs up to the first active character other than the exponent separator, the suffix
    // back from the last one; as in the reference, a sub-picture with no active character has neither.
    private static Parts Split(string sub, DecimalFormatProperties p)
    {
        var prefix = "";
        for (var i = 0; i < sub.Length; i++)
        {
            if (IsActive(sub[i], p) && !IsChar(p.ExponentSeparator, sub[i]))
            {
                prefix = sub[..i];
                break;
            }
        }

        var suffix = "";
        for (var i = sub.Length - 1; i >= 0; i--)
        {
            if (IsActive(sub[i], p) && !IsChar(p.ExponentSeparator, sub[i]))
            {
                suffix = sub[(i + 1)..];
                break;
            }
        }

        var active = sub.Substring(prefix.Length, sub.Length - prefix.Length - suffix.Length);
        string mantissa;
        string? exponent;
        var exponentPosition = sub.IndexOf(p.ExponentSeparator, prefix.Length, StringComparison.Ordinal);
        if (exponentPosition == -1 || exponentPosition > sub.Length - suffix.Length)
        {
            mantissa = active;
            exponent = null;
        }
        else
        {
            // The reference measures the position in the whole sub-picture but cuts the active part with it.
            mantissa = JsNumberText.Slice(active, 0, Math.Min(exponentPosition, active.Length));
            exponent = exponentPosition + 1 <= active.Length ? active[(exponentPosition + 1)..] : "";
        }

        var decimalPosition = mantissa.IndexOf(p.DecimalSeparator, StringComparison.Ordinal);
        var integer = decimalPosition == -1 ? mantissa : mantissa[..decimalPosition];
        var fractional = decimalPosition == -1 ? suffix : mantissa[(decimalPosition + 1)..];
        return new Parts(sub, prefix, suffix, active, mantissa, exponent, integer, fractional);
    }

    // F&O §4.7.3. Every rule is checked and the last one broken is reported, as the reference does.
    private static void Validate(Parts parts, DecimalFormatProperties p)
    {
        string? error = null;
        var sub = parts.SubPicture;
        var decimalPos = sub.IndexOf(p.DecimalSeparator, StringComparison.Ordinal);
        if (decimalPos != sub.LastIndexOf(p.DecimalSeparator, StringComparison.Ordinal)) error = "D3081";
        if (sub.IndexOf(p.Percent, StringComparison.Ordinal) != sub.LastIndexOf(p.Percent, StringComparison.Ordinal)) error = "D3082";
        if (sub.IndexOf(p.PerMille, StringComparison.Ordinal) != sub.LastIndexOf(p.PerMille, StringComparison.Ordinal)) error = "D3083";
        var hasPercent = sub.Contains(p.Percent, StringComparison.Ordinal);
        var hasPerMille = sub.Contains(p.PerMille, StringComparison.Ordinal);
        if (hasPercent && hasPerMille) error = "D3084";
        if (!parts.MantissaPart.Any(c => IsDigitOrOptional(c, p))) error = "D3085";
        if (parts.ActivePart.Any(c => !IsActive(c, p))) error = "D3086";
        if (decimalPos != -1)
        {
            if ((decimalPos > 0 && IsChar(p.GroupingSeparator, sub[decimalPos - 1]))
                || (decimalPos + 1 < sub.Length && IsChar(p.GroupingSeparator, sub[decimalPos + 1])))
            {
                error = "D3087";
            }
        }
        else if (parts.IntegerPart.Length > 0 && IsChar(p.GroupingSeparator, parts.IntegerPart[^1]))
        {
            error = "D3088";
        }

        if (sub.Contains(p.GroupingSeparator + p.GroupingSeparator, StringComparison.Ordinal)) error = "D3089";
        var optionalPos = parts.IntegerPart.IndexOf(p.Digit, StringComparison.Ordinal);
        if (optionalPos != -1 && parts.IntegerPart[..optionalPos].Any(c => IsDigit(c, p))) error = "D3090";
        optionalPos = parts.FractionalPart.LastIndexOf(p.Digit, StringComparison.Ordinal);
        if (optionalPos != -1 && parts.FractionalPart[optionalPos..].Any(c => IsDigit(c, p))) error = "D3091";
        if (parts.ExponentPart is { Length: > 0 } && (hasPercent || hasPerMille)) error = "D3092";
        if (parts.ExponentPart is { } exponent && (exponent.Length == 0 || exponent.Any(c => !IsDigit(c, p)))) error = "D3093";

        if (error is not null)
        {
            throw new JsonataFormattingException(error, $"Invalid picture string '{sub}': {Describe(error)}.");
        }
    }

    private static string Describe(string code) => code switch
    {
        "D3081" => "a sub-picture must not contain more than one decimal separator",
        "D3082" => "a sub-picture must not contain more than one percent character",
        "D3083" => "a sub-picture must not contain more than one per-mille character",
        "D3084" => "a sub-picture must not contain both a percent and a per-mille character",
        "D3085" => "the mantissa of a sub-picture must contain at least one digit",
        "D3086" => "a sub-picture must not contain a passive character between active characters",
        "D3087" => "a grouping separator must not be adjacent to the decimal separator",
        "D3088" => "the integer part must not end with a grouping separator",
        "D3089" => "a sub-picture must not contain two adjacent grouping separators",
        "D3090" => "an optional digit must not follow a mandatory digit in the integer part",
        "D3091" => "a mandatory digit must not follow an optional digit in the fractional part",
        "D3092" => "a sub-picture with an exponent must not contain a percent or per-mille character",
        _ => "the exponent must consist of mandatory digits only",
    };

    private static DecimalSubPicture Analyse(Parts parts, DecimalFormatProperties p)
    {
        var integerGrouping = GroupingPositions(parts.IntegerPart, parts, p, countLeft: false);
        var fractionalGrouping = GroupingPositions(parts.FractionalPart, parts, p, countLeft: true);

        var minimumInteger = parts.IntegerPart.Count(c => IsDigit(c, p));
        var scalingFactor = minimumInteger;
        var minimumFractional = parts.FractionalPart.Count(c => IsDigit(c, p));
        var maximumFractional = parts.FractionalPart.Count(c => IsDigitOrOptional(c, p));
        var exponentPresent = parts.ExponentPart is not null;
        if (minimumInteger == 0 && maximumFractional == 0)
        {
            if (exponentPresent)
            {
                minimumFractional = 1;
                maximumFractional = 1;
            }
            else
            {
                minimumInteger = 1;
            }
        }

        if (exponentPresent && minimumInteger == 0 && parts.IntegerPart.Contains(p.Digit, StringComparison.Ordinal)) minimumInteger = 1;
        if (minimumInteger == 0 && minimumFractional == 0) minimumFractional = 1;
        var minimumExponent = parts.ExponentPart?.Count(c => IsDigit(c, p)) ?? 0;

        return new DecimalSubPicture(
            parts.SubPicture, parts.Prefix, parts.Suffix, integerGrouping, RegularInterval(integerGrouping),
            minimumInteger, scalingFactor, fractionalGrouping, minimumFractional, maximumFractional, minimumExponent);
    }

    // For each grouping separator, the number of digit signs to its right (integer part) or left
    // (fractional part). Like the reference, separators after the first are looked up in the integer part.
    private static List<int> GroupingPositions(string part, Parts parts, DecimalFormatProperties p, bool countLeft)
    {
        var positions = new List<int>();
        var separator = p.GroupingSeparator;
        var position = part.IndexOf(separator, StringComparison.Ordinal);
        while (position != -1)
        {
            var counted = countLeft ? part[..Math.Min(position, part.Length)] : part[Math.Min(position, part.Length)..];
            positions.Add(counted.Count(c => IsDigitOrOptional(c, p)));
            position = position + 1 <= parts.IntegerPart.Length
                ? parts.IntegerPart.IndexOf(separator, position + 1, StringComparison.Ordinal)
                : -1;
        }

        return positions;
    }

    private static int RegularInterval(List<int> positions)
    {
        if (positions.Count == 0) return 0;
        var factor = positions.Aggregate(IntegerPicture.GreatestCommonDivisor);
        for (var multiple = 1; multiple <= positions.Count; multiple++)
        {
            if (!positions.Contains(multiple * factor)) return 0;
        }

        return factor;
    }
}
