namespace Serverless.Core.Jsonata.Formatting;

/// <summary>Lower-case Roman numerals for positive integers (zero is the empty string) and their value.</summary>
internal static class RomanNumerals
{
    private static readonly (int Value, string Numeral)[] Table =
    [
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ];

    public static string ToRoman(double value)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var (numeralValue, numeral) in Table)
        {
            while (value >= numeralValue)
            {
                builder.Append(numeral);
                value -= numeralValue;
            }
        }

        return builder.ToString();
    }

    /// <summary>The value of upper-case numerals, read right to left (a smaller numeral before a larger one subtracts); NaN for any other letter.</summary>
    public static double ToNumber(string upperCaseNumerals)
    {
        double total = 0;
        var largest = 1;
        for (var i = upperCaseNumerals.Length - 1; i >= 0; i--)
        {
            var value = upperCaseNumerals[i] switch
            {
                'M' => 1000,
                'D' => 500,
                'C' => 100,
                'L' => 50,
                'X' => 10,
                'V' => 5,
                'I' => 1,
                _ => 0,
            };
            if (value == 0) return double.NaN;
            if (value < largest)
            {
                total -= value;
            }
            else
            {
                largest = value;
                total += value;
            }
        }

        return total;
    }
}
