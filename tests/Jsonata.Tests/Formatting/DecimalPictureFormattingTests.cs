using Serverless.Core.Jsonata.Formatting;
using Xunit;

namespace Serverless.Jsonata.Tests.Formatting;

/// <summary>$formatNumber cases of the JSONata suite (function-formatNumber).</summary>
public sealed class DecimalPictureFormattingTests
{
    [Theory]
    [InlineData(12345.6, "#,###.00", "12,345.60")]
    [InlineData(12345678.9, "9,999.99", "12,345,678.90")]
    [InlineData(123412345678.9, "9,9,99.99", "123412345,6,78.90")]
    [InlineData(1234.56789, "9,999.999,999", "1,234.567,890")]
    [InlineData(123.9, "9999", "0124")]
    [InlineData(0.14, "01%", "14%")]
    [InlineData(0.4857, "###.###‰", "485.7‰")]
    [InlineData(-6, "000", "-006")]
    [InlineData(1234.5678, "00.000e0", "12.346e2")]
    [InlineData(1234.5678, "00.000e000", "12.346e002")]
    [InlineData(0.234, "0.0e0", "2.3e-1")]
    [InlineData(0.234, "#.00e0", "0.23e0")]
    [InlineData(0.123, "#.e9", "0.1e0")]
    [InlineData(0.234, ".00e0", ".23e0")]
    [InlineData(1e20, "#,######", "100,000000,000000,000000")]
    [InlineData(2, "000.000", "002.000")]
    [InlineData(0, "0e0", "0e0")]
    [InlineData(-42, "0e0", "-4e1")]
    [InlineData(42, "0e0", "4e1")]
    [InlineData(0, "0.00e0", "0.00e0")]
    public void FormatsNumbersWithTheDefaultDecimalFormat(double value, string picture, string expected)
    {
        Assert.Equal(expected, DecimalPictureFormatter.Format(value, picture, null));
    }

    [Theory]
    [InlineData(0.14, "###pm", "per-mille", "pm", "140pm")]
    [InlineData(1234.5678, "①①.①①①e①", "zero-digit", "⑟", "①②.③④⑥e②")]
    [InlineData(2, "AAA.AAA", "zero-digit", "A", "AAC.AAA")]
    [InlineData(0.1, "AeAAA", "zero-digit", "A", "Be-AAB")]
    public void AppliesDecimalFormatPropertiesGivenAsOptions(double value, string picture, string property, string propertyValue, string expected)
    {
        var options = new Dictionary<string, string> { [property] = propertyValue };
        Assert.Equal(expected, DecimalPictureFormatter.Format(value, picture, options));
    }

    [Theory]
    [InlineData(20, "#;#;#", "D3080")]
    [InlineData(20, "#.0.0", "D3081")]
    [InlineData(20, "#0%%", "D3082")]
    [InlineData(20, "#0‰‰", "D3083")]
    [InlineData(20, "#0%‰", "D3084")]
    [InlineData(20, ".e0", "D3085")]
    [InlineData(20, "0+.e0", "D3086")]
    [InlineData(20, "0,.e0", "D3087")]
    [InlineData(20, "0,", "D3088")]
    [InlineData(20, "0,,0", "D3089")]
    [InlineData(20, "0#.e0", "D3090")]
    [InlineData(20, "#0.#0e0", "D3091")]
    [InlineData(20, "#0.0e0%", "D3092")]
    [InlineData(20, "#0.0e0,0", "D3093")]
    [InlineData(42, "%%", "D3086")]
    [InlineData(42, "‰‰", "D3086")]
    [InlineData(42, "%‰", "D3086")]
    [InlineData(42, "---", "D3086")]
    public void RejectsInvalidPicturesWithTheReferenceCode(double value, string picture, string code)
    {
        var error = Assert.Throws<JsonataFormattingException>(() => DecimalPictureFormatter.Format(value, picture, null));
        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void UsesTheNegativeSubPictureInsteadOfAMinusSign()
    {
        // Suite case016: $formatNumber(2392.14*(-36.58), "000,000.000###;###,###.000###").
        Assert.Equal("87,504.4812", DecimalPictureFormatter.Format(2392.14 * -36.58, "000,000.000###;###,###.000###", null));
    }

    [Fact]
    public void KeepsPassiveTextAroundTheNumberAsPrefixAndSuffix()
    {
        // Suite case017: $formatNumber(2.14*86.58,"PREFIX##00.000###SUFFIX").
        Assert.Equal("PREFIX185.2812SUFFIX", DecimalPictureFormatter.Format(2.14 * 86.58, "PREFIX##00.000###SUFFIX", null));
    }

    // Beyond the suite: expectations taken from jsonata-js 2.2.2 for the same calls.
    [Theory]
    [InlineData(2.5, "0", "2")]
    [InlineData(-2.5, "0", "-2")]
    [InlineData(0.125, "#,##0.00", "0.12")]
    [InlineData(1.005, "#,##0.00", "1.00")]
    [InlineData(0.045, "#,##0.00", "0.04")]
    [InlineData(99.995, "#,##0.00", "100.00")]
    public void RoundsHalfToEvenOnTheShortestDecimalDigits(double value, string picture, string expected)
    {
        Assert.Equal(expected, DecimalPictureFormatter.Format(value, picture, null));
    }

    [Theory]
    [InlineData(-1234.5678, "#,##0.###;(#,##0.###)", "(1,234.568)")]
    [InlineData(1e-7, "0.0e0", "1.0e-7")]
    [InlineData(123456789.987, "###0.0##e00", "1.235e08")]
    [InlineData(1e15, "#,##0.00", "1,000,000,000,000,000.00")]
    [InlineData(0.05, "#%", "5%")]
    [InlineData(3.14159, "#,##0.0,0", "3.1,4")]
    public void FormatsSubPicturesExponentsAndFractionGrouping(double value, string picture, string expected)
    {
        Assert.Equal(expected, DecimalPictureFormatter.Format(value, picture, null));
    }

    [Fact]
    public void SwapsDecimalAndGroupingSeparatorsGivenAsOptions()
    {
        var options = new Dictionary<string, string> { ["decimal-separator"] = ",", ["grouping-separator"] = "." };
        Assert.Equal("1.234,50", DecimalPictureFormatter.Format(1234.5, "#.##0,00", options));
    }

    [Theory]
    [InlineData(-5, "0", "minus-sign", "~", "~5")]
    [InlineData(1234.5, "0.0E0", "exponent-separator", "E", "1.2E3")]
    [InlineData(12, "0|0", "pattern-separator", "|", "12")]
    [InlineData(12, "@@0", "digit", "@", "12")]
    [InlineData(0.5, "0%", "percent", "pc", "0%")]
    public void HonoursEachRenamedSymbol(double value, string picture, string property, string propertyValue, string expected)
    {
        var options = new Dictionary<string, string> { [property] = propertyValue };
        Assert.Equal(expected, DecimalPictureFormatter.Format(value, picture, options));
    }

    [Fact]
    public void WritesTheNaNAndInfinitySymbols()
    {
        Assert.Equal("NaN", DecimalPictureFormatter.Format(double.NaN, "0", null));
        Assert.Equal("-Infinity", DecimalPictureFormatter.Format(double.NegativeInfinity, "0", null));
        Assert.Equal("∞", DecimalPictureFormatter.Format(double.PositiveInfinity, "0", new Dictionary<string, string> { ["infinity"] = "∞" }));
    }
}
