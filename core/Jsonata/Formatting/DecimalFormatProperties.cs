namespace Serverless.Core.Jsonata.Formatting;

/// <summary>
/// The F&amp;O decimal-format properties (§4.7.1) that shape fn:format-number. $formatNumber's options
/// object overrides any of them by name (e.g. "decimal-separator", "zero-digit").
/// </summary>
internal sealed record DecimalFormatProperties
{
    public static readonly DecimalFormatProperties Default = new();

    public string DecimalSeparator { get; init; } = ".";
    public string GroupingSeparator { get; init; } = ",";
    public string ExponentSeparator { get; init; } = "e";
    public string Infinity { get; init; } = "Infinity";
    public string MinusSign { get; init; } = "-";
    public string NaN { get; init; } = "NaN";
    public string Percent { get; init; } = "%";
    public string PerMille { get; init; } = "\u2030";
    public string ZeroDigit
    {
        get;
        init
        {
            field = value;
            DigitFamily = string.Create(10, value.Length > 0 ? value[0] : '0', static (span, zero) =>
            {
                for (var i = 0; i < 10; i++) span[i] = (char)(zero + i);
            });
        }
    } = "0";
    public string Digit { get; init; } = "#";
    public string PatternSeparator { get; init; } = ";";

    public static DecimalFormatProperties FromOptions(IReadOnlyDictionary<string, string>? options)
    {
        if (options is null || options.Count == 0) return Default;
        var properties = Default;
        foreach (var (name, value) in options)
        {
            properties = name switch
            {
                "decimal-separator" => properties with { DecimalSeparator = value },
                "grouping-separator" => properties with { GroupingSeparator = value },
                "exponent-separator" => properties with { ExponentSeparator = value },
                "infinity" => properties with { Infinity = value },
                "minus-sign" => properties with { MinusSign = value },
                "NaN" => properties with { NaN = value },
                "percent" => properties with { Percent = value },
                "per-mille" => properties with { PerMille = value },
                "zero-digit" => properties with { ZeroDigit = value },
                "digit" => properties with { Digit = value },
                "pattern-separator" => properties with { PatternSeparator = value },
                _ => properties, // the reference accepts and ignores other names
            };
        }

        return properties;
    }

    /// <summary>The ten digits starting at the zero-digit character (kept in step with <see cref="ZeroDigit"/>).</summary>
    public string DigitFamily { get; private init; } = "0123456789";
}
