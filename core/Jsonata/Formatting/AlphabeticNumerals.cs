namespace Serverless.Core.Jsonata.Formatting;

/// <summary>Spreadsheet-column style numbering: a..z, aa, ab... (bijective base 26).</summary>
internal static class AlphabeticNumerals
{
    public static string ToLetters(double value, char first)
    {
        var letters = new Stack<char>();
        while (value > 0)
        {
            letters.Push((char)((value - 1) % 26 + first));
            value = Math.Floor((value - 1) / 26);
        }

        return new string(letters.ToArray());
    }

    /// <summary>The value of letters from the same alphabet as <paramref name="first"/>; NaN for any other character.</summary>
    public static double ToNumber(string letters, char first)
    {
        double total = 0;
        foreach (var letter in letters)
        {
            var offset = letter - first;
            if (offset is < 0 or >= 26) return double.NaN;
            total = total * 26 + offset + 1;
        }

        return total;
    }
}
