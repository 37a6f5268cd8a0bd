using Serverless.Core.Jsonata.Formatting;
using Xunit;

namespace Serverless.Jsonata.Tests.Formatting;

/// <summary>$parseInteger cases of the JSONata suite (function-parseInteger).</summary>
public sealed class IntegerPictureParsingTests
{
    [Theory]
    [InlineData("123", "000", 123)]
    [InlineData("0123", "0000", 123)]
    [InlineData("1234", "0", 1234)]
    [InlineData("1234", "###0", 1234)]
    [InlineData("12", "###0", 12)]
    public void ReadsDecimalDigitPatterns(string text, string picture, double expected)
    {
        Assert.Equal(expected, IntegerPictureFormatter.Parse(text, picture));
    }

    [Theory]
    [InlineData("123rd", "000;o", 123)]
    [InlineData("1st", "0;o", 1)]
    [InlineData("28th", "#0;o", 28)]
    [InlineData("1234th", "###0;o", 1234)]
    [InlineData("12th", "###0;o", 12)]
    public void ReadsDecimalDigitsWithOrdinalSuffixes(string text, string picture, double expected)
    {
        Assert.Equal(expected, IntegerPictureFormatter.Parse(text, picture));
    }

    [Theory]
    [InlineData("١٢٣٤٠", "###١", 12340)]
    [InlineData("１２３４０", "###０", 12340)]
    public void ReadsDigitsFromTheUnicodeDigitFamilyOfThePicture(string text, string picture, double expected)
    {
        Assert.Equal(expected, IntegerPictureFormatter.Parse(text, picture));
    }

    [Theory]
    [InlineData("12", "#,##0", 12)]
    [InlineData("1,200", "#,##0", 1200)]
    [InlineData("12,345,678", "#,##0", 12345678)]
    [InlineData("1,234,567,890", "#,##0", 1234567890)]
    [InlineData("1,234,567,890", "#,###,##0", 1234567890)]
    [InlineData("1234:567,890", "#:###,##0", 1234567890)]
    [InlineData("12345,67,890", "##,##,##0", 1234567890)]
    public void ReadsNumbersWithGroupingSeparators(string text, string picture, double expected)
    {
        Assert.Equal(expected, IntegerPictureFormatter.Parse(text, picture));
    }

    [Theory]
    [InlineData("", "I", 0)]
    [InlineData("MCMLXXXIV", "I", 1984)]
    [InlineData("xcix", "i", 99)]
    public void ReadsRomanNumerals(string text, string picture, double expected)
    {
        Assert.Equal(expected, IntegerPictureFormatter.Parse(text, picture));
    }

    [Theory]
    [InlineData("twelve", "w", 12)]
    [InlineData("twenty", "w", 20)]
    [InlineData("thirty-four", "w", 34)]
    [InlineData("NINETY-NINE", "W", 99)]
    [InlineData("one hundred", "w", 100)]
    [InlineData("FIVE HUNDRED AND FIFTY-FIVE", "W", 555)]
    [InlineData("Five Hundred and Fifty-Five", "Ww", 555)]
    [InlineData("nine hundred and nineteen", "w", 919)]
    [InlineData("seven hundred and thirty", "w", 730)]
    [InlineData("one thousand", "w", 1000)]
    [InlineData("three thousand, seven hundred and thirty", "w", 3730)]
    [InlineData("three hundred and twenty-seven thousand, seven hundred and thirty", "w", 327730)]
    [InlineData("four million, three hundred and twenty-seven thousand, seven hundred and thirty", "w", 4327730)]
    [InlineData("one trillion and one", "w", 1000000000001)]
    [InlineData("one trillion, two hundred and thirty-four billion, five hundred and sixty-seven million, eight hundred and ninety thousand, one hundred and twenty-three", "w", 1234567890123)]
    [InlineData("one thousand trillion", "w", 1000000000000000)]
    [InlineData("ten billion trillion trillion trillion", "w", 1e46)]
    public void ReadsCardinalNumbersInEnglishWords(string text, string picture, double expected)
    {
        Assert.Equal(expected, IntegerPictureFormatter.Parse(text, picture));
    }

    [Theory]
    [InlineData("twelfth", "w;o", 12)]
    [InlineData("twentieth", "w;o", 20)]
    [InlineData("thirty-fourth", "w;o", 34)]
    [InlineData("NINETY-NINTH", "W;o", 99)]
    [InlineData("one hundredth", "w;o", 100)]
    [InlineData("FIVE HUNDRED AND FIFTY-FIFTH", "W;o", 555)]
    [InlineData("nine hundred and nineteenth", "w;o", 919)]
    [InlineData("seven hundred and thirtieth", "w;o", 730)]
    [InlineData("Seven Hundred and Thirty-Third", "Ww;o", 733)]
    [InlineData("one thousandth", "w;o", 1000)]
    [InlineData("three thousand, seven hundred and thirty-first", "w;o", 3731)]
    [InlineData("three hundred and twenty-seven thousand, seven hundred and thirteenth", "w;o", 327713)]
    [InlineData("four million, three hundred and twenty-seven thousand, seven hundred and thirty-second", "w;o", 4327732)]
    [InlineData("one trillion and first", "w;o", 1000000000001)]
    public void ReadsOrdinalNumbersInEnglishWords(string text, string picture, double expected)
    {
        Assert.Equal(expected, IntegerPictureFormatter.Parse(text, picture));
    }

    [Theory]
    [InlineData("A", "A", 1)]
    [InlineData("l", "a", 12)]
    [InlineData("z", "a", 26)]
    [InlineData("aa", "a", 27)]
    [InlineData("KN", "A", 300)]
    [InlineData("FZPH", "A", 123456)]
    public void ReadsSpreadsheetColumnLetters(string text, string picture, double expected)
    {
        Assert.Equal(expected, IntegerPictureFormatter.Parse(text, picture));
    }

    [Theory]
    [InlineData("50", "#", "D3130")]
    public void RejectsUnsupportedPicturesWithTheReferenceCode(string text, string picture, string code)
    {
        var error = Assert.Throws<JsonataFormattingException>(() => IntegerPictureFormatter.Parse(text, picture));
        Assert.Equal(code, error.Code);
    }

    [Theory]
    [InlineData("abc", "0")]
    [InlineData("xyz", "w")]
    [InlineData("Q", "I")]
    [InlineData("Aa", "A")]
    public void ReturnsNullForTextThatIsNotANumberInThePicturesNotation(string text, string picture)
    {
        Assert.Null(IntegerPictureFormatter.Parse(text, picture));
    }

    [Fact]
    public void RemovesTheGroupingSeparatorThePictureUses()
    {
        // jsonata-js strips only commas here and returns 1.
        Assert.Equal(1200, IntegerPictureFormatter.Parse("1.200", "#.##0"));
    }
}
