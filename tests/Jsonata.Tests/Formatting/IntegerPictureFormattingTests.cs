using Serverless.Core.Jsonata.Formatting;
using Xunit;

namespace Serverless.Jsonata.Tests.Formatting;

/// <summary>$formatInteger cases of the JSONata suite (function-formatInteger).</summary>
public sealed class IntegerPictureFormattingTests
{
    [Theory]
    [InlineData(123, "000", "123")]
    [InlineData(123, "0000", "0123")]
    [InlineData(-3, "0000", "-0003")]
    [InlineData(1234, "0;c", "1234")]
    [InlineData(1234, "###0", "1234")]
    [InlineData(12, "###0", "12")]
    [InlineData(12.6, "###0", "12")]
    public void FormatsDecimalDigitPatternsPaddedToTheMandatoryDigits(double value, string picture, string expected)
    {
        Assert.Equal(expected, IntegerPictureFormatter.Format(value, picture));
    }

    [Theory]
    [InlineData(123, "000;o", "123rd")]
    [InlineData(1, "0;o", "1st")]
    [InlineData(28, "#0;o", "28th")]
    [InlineData(1234, "###0;o", "1234th")]
    [InlineData(12, "###0;o", "12th")]
    public void AppendsEnglishOrdinalSuffixesToDecimalDigits(double value, string picture, string expected)
    {
        Assert.Equal(expected, IntegerPictureFormatter.Format(value, picture));
    }

    [Theory]
    [InlineData(12340, "###١", "١٢٣٤٠")]
    [InlineData(12340, "###０", "１２３４０")]
    public void WritesDigitsFromTheUnicodeDigitFamilyOfThePicture(double value, string picture, string expected)
    {
        Assert.Equal(expected, IntegerPictureFormatter.Format(value, picture));
    }

    [Theory]
    [InlineData(12, "#,##0", "12")]
    [InlineData(1200, "#,##0", "1,200")]
    [InlineData(120000, "#,##0", "120,000")]
    [InlineData(12345678, "#,##0", "12,345,678")]
    [InlineData(1234567890, "#,##0", "1,234,567,890")]
    [InlineData(1234567890, "#,###,##0", "1,234,567,890")]
    [InlineData(1234567890, "#:###,##0", "1234:567,890")]
    [InlineData(1234567890, "##,##,##0", "12345,67,890")]
    public void InsertsRegularAndIrregularGroupingSeparators(double value, string picture, string expected)
    {
        Assert.Equal(expected, IntegerPictureFormatter.Format(value, picture));
    }

    [Theory]
    [InlineData(0, "I", "")]
    [InlineData(1984, "I", "MCMLXXXIV")]
    [InlineData(99, "i", "xcix")]
    public void WritesRomanNumerals(double value, string picture, string expected)
    {
        Assert.Equal(expected, IntegerPictureFormatter.Format(value, picture));
    }

    [Theory]
    [InlineData(12, "w", "twelve")]
    [InlineData(20, "w", "twenty")]
    [InlineData(34, "w", "thirty-four")]
    [InlineData(99, "W", "NINETY-NINE")]
    [InlineData(100, "w", "one hundred")]
    [InlineData(555, "W", "FIVE HUNDRED AND FIFTY-FIVE")]
    [InlineData(555, "Ww", "Five Hundred and Fifty-Five")]
    [InlineData(919, "w", "nine hundred and nineteen")]
    [InlineData(730, "w", "seven hundred and thirty")]
    [InlineData(1000, "w", "one thousand")]
    [InlineData(3730, "w", "three thousand, seven hundred and thirty")]
    [InlineData(327730, "w", "three hundred and twenty-seven thousand, seven hundred and thirty")]
    [InlineData(4327730, "w", "four million, three hundred and twenty-seven thousand, seven hundred and thirty")]
    [InlineData(1000000000001, "w", "one trillion and one")]
    [InlineData(1234567890123, "w", "one trillion, two hundred and thirty-four billion, five hundred and sixty-seven million, eight hundred and ninety thousand, one hundred and twenty-three")]
    [InlineData(1000000000000000, "w", "one thousand trillion")]
    [InlineData(1e46, "w", "ten billion trillion trillion trillion")]
    [InlineData(1234567890123456, "w", "one thousand, two hundred and thirty-four trillion, five hundred and sixty-seven billion, eight hundred and ninety million, one hundred and twenty-three thousand, four hundred and fifty-six")]
    public void WritesCardinalNumbersInEnglishWords(double value, string picture, string expected)
    {
        Assert.Equal(expected, IntegerPictureFormatter.Format(value, picture));
    }

    [Theory]
    [InlineData(12, "w;o", "twelfth")]
    [InlineData(20, "w;o", "twentieth")]
    [InlineData(34, "w;o", "thirty-fourth")]
    [InlineData(99, "W;o", "NINETY-NINTH")]
    [InlineData(100, "w;o", "one hundredth")]
    [InlineData(555, "W;o", "FIVE HUNDRED AND FIFTY-FIFTH")]
    [InlineData(919, "w;o", "nine hundred and nineteenth")]
    [InlineData(730, "w;o", "seven hundred and thirtieth")]
    [InlineData(1000, "w;o", "one thousandth")]
    [InlineData(3731, "w;o", "three thousand, seven hundred and thirty-first")]
    [InlineData(327713, "w;o", "three hundred and twenty-seven thousand, seven hundred and thirteenth")]
    [InlineData(4327732, "w;o", "four million, three hundred and twenty-seven thousand, seven hundred and thirty-second")]
    [InlineData(1000000000001, "w;o", "one trillion and first")]
    public void WritesOrdinalNumbersInEnglishWords(double value, string picture, string expected)
    {
        Assert.Equal(expected, IntegerPictureFormatter.Format(value, picture));
    }

    [Theory]
    [InlineData(1, "A", "A")]
    [InlineData(12, "a", "l")]
    [InlineData(26, "a", "z")]
    [InlineData(27, "a", "aa")]
    [InlineData(300, "A", "KN")]
    [InlineData(123456, "A", "FZPH")]
    public void WritesSpreadsheetColumnLetters(double value, string picture, string expected)
    {
        Assert.Equal(expected, IntegerPictureFormatter.Format(value, picture));
    }

    [Theory]
    [InlineData(12340, "##0０", "D3131")]
    [InlineData(123456, "α", "D3130")]
    public void RejectsUnsupportedOrMixedPicturesWithTheReferenceCode(double value, string picture, string code)
    {
        var error = Assert.Throws<JsonataFormattingException>(() => IntegerPictureFormatter.Format(value, picture));
        Assert.Equal(code, error.Code);
    }

    [Theory]
    [InlineData(101, "#:##,#0", "1,01")]
    [InlineData(1000, "##,##,##0", "1,000")]
    [InlineData(5, "#:##,#0", "5")]
    public void PlacesIrregularSeparatorsOnlyBetweenDigits(double value, string picture, string expected)
    {
        // jsonata-js puts stray separators in front of short numbers (",:5").
        Assert.Equal(expected, IntegerPictureFormatter.Format(value, picture));
    }

    [Theory]
    [InlineData(1, "#٠;o", "١st")]
    [InlineData(22, "#٠;o", "٢٢nd")]
    [InlineData(13, "#٠;o", "١٣th")]
    public void ChoosesOrdinalSuffixesByValueInAnyDigitFamily(double value, string picture, string expected)
    {
        Assert.Equal(expected, IntegerPictureFormatter.Format(value, picture));
    }
}
