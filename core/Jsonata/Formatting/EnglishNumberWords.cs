using System.Text.RegularExpressions;

namespace Serverless.Core.Jsonata.Formatting;

/// <summary>
/// Integers as English words ("three hundred and twenty-one", "twenty-first") and back, with the
/// reference implementation's phrasing: British "and", comma between magnitude groups, and magnitudes
/// beyond trillion expressed by repeating "trillion".
/// </summary>
internal static class EnglishNumberWords
{
    private static readonly string[] Small =
    [
        "Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
        "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen",
    ];

    private static readonly string[] SmallOrdinals =
    [
        "Zeroth", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth",
        "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth", "Eighteenth", "Nineteenth",
    ];

    private static readonly string[] Tens = ["Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred"];

    private static readonly string[] Magnitudes = ["Thousand", "Million", "Billion", "Trillion"];

    /// <summary>Every recognised word (lower case) with its value, in the order the parsing pattern tries them.</summary>
    private static readonly List<KeyValuePair<string, double>> WordValues = BuildWordValues();

    private static readonly Dictionary<string, double> WordLookup =
        WordValues.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);

    private static readonly Regex Separators = new(@",\s|\sand\s|[\s\\-]", RegexOptions.CultureInvariant);

    /// <summary>The alternation of all number words, used when a words component sits inside a date picture.</summary>
    public static readonly string Pattern =
        "(?:" + string.Join("|", WordValues.Select(p => p.Key).Distinct().Append("and").Append(@"[\-, ]")) + ")+";

    /// <summary>Title-case words for a non-negative integer value.</summary>
    public static string ToWords(double value, bool ordinal) => Lookup(value, false, ordinal);

    /// <summary>The value of lower-case number words, NaN when a word is not recognised.</summary>
    public static double ToNumber(string lowerCaseWords)
    {
        var segments = new List<double> { 0 };
        foreach (var part in Separators.Split(lowerCaseWords))
        {
            if (!WordLookup.TryGetValue(part, out var value)) return double.NaN;
            if (value < 100)
            {
                var top = segments[^1];
                segments.RemoveAt(segments.Count - 1);
                if (top >= 1000)
                {
                    segments.Add(top);
                    top = 0;
                }

                segments.Add(top + value);
            }
            else
            {
                segments[^1] *= value;
            }
        }

        return segments.Sum();
    }

    private static string Lookup(double number, bool previous, bool ordinal)
    {
        if (number <= 19)
        {
            var index = (int)number;
            return (previous ? " and " : "") + (ordinal ? SmallOrdinals[index] : Small[index]);
        }

        if (number < 100)
        {
            var tens = (int)Math.Floor(number / 10);
            var remainder = number % 10;
            var words = (previous ? " and " : "") + Tens[tens - 2];
            if (remainder > 0) return words + "-" + Lookup(remainder, false, ordinal);
            return ordinal ? words[..^1] + "ieth" : words;
        }

        if (number < 1000)
        {
            var hundreds = (int)Math.Floor(number / 100);
            var remainder = number % 100;
            var words = (previous ? ", " : "") + Small[hundreds] + " Hundred";
            if (remainder > 0) return words + Lookup(remainder, true, ordinal);
            return ordinal ? words + "th" : words;
        }

        var magnitude = (int)Math.Floor(Math.Log10(number) / 3);
        magnitude = Math.Min(magnitude, Magnitudes.Length);
        var factor = Math.Pow(10, magnitude * 3);
        var mantissa = Math.Floor(number / factor);
        var rest = number - mantissa * factor;
        var result = (previous ? ", " : "") + Lookup(mantissa, false, false) + " " + Magnitudes[magnitude - 1];
        if (rest > 0) return result + Lookup(rest, true, ordinal);
        return ordinal ? result + "th" : result;
    }

    private static List<KeyValuePair<string, double>> BuildWordValues()
    {
        var values = new List<KeyValuePair<string, double>>();
        for (var i = 0; i < Small.Length; i++) values.Add(new(Small[i].ToLowerInvariant(), i));
        for (var i = 0; i < SmallOrdinals.Length; i++) values.Add(new(SmallOrdinals[i].ToLowerInvariant(), i));
        for (var i = 0; i < Tens.Length; i++)
        {
            var word = Tens[i].ToLowerInvariant();
            values.Add(new(word, (i + 2) * 10));
            values.Add(new(word[..^1] + "ieth", (i + 2) * 10));
        }

        values.Add(new("hundredth", 100));
        for (var i = 0; i < Magnitudes.Length; i++)
        {
            var word = Magnitudes[i].ToLowerInvariant();
            var value = Math.Pow(10, (i + 1) * 3);
            values.Add(new(word, value));
            values.Add(new(word + "th", value));
        }

        return values;
    }
}
