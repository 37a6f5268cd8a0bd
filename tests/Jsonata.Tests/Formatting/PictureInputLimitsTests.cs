using Serverless.Core.Jsonata.Formatting;
using Xunit;

namespace Serverless.Jsonata.Tests.Formatting;

/// <summary>Inputs that would make the reference overflow its stack or produce absurd output are rejected as errors.</summary>
public sealed class PictureInputLimitsTests
{
    [Theory]
    [InlineData(double.NaN, "0")]
    [InlineData(double.PositiveInfinity, "w")]
    [InlineData(1e8, "I")]
    public void RejectsIntegersThatCannotBeWritten(double value, string picture)
    {
        var error = Assert.Throws<JsonataFormattingException>(() => IntegerPictureFormatter.Format(value, picture));
        Assert.Equal("D1001", error.Code);
    }

    [Fact]
    public void RejectsADateWidthThatWouldOnlyPadWithZeros()
    {
        var error = Assert.Throws<JsonataFormattingException>(() => DateTimePictureFormatter.Format(0, "[D,100000000]", null));
        Assert.Equal("D1001", error.Code);
    }

    [Theory]
    [InlineData(8_640_000_000_000_001)]
    [InlineData(-8_640_000_000_000_001)]
    public void RejectsTimestampsOutsideTheJavaScriptDateRange(long millis)
    {
        var error = Assert.Throws<JsonataFormattingException>(() => DateTimePictureFormatter.Format(millis, null, null));
        Assert.Equal("D1001", error.Code);
    }

    [Fact]
    public void FormatsTheLargestDoubleWithoutFailing()
    {
        var text = DecimalPictureFormatter.Format(double.MaxValue, "#,##0.00", null);
        Assert.False(string.IsNullOrEmpty(text));
    }

    [Fact]
    public void IgnoresEmptySymbolOptions()
    {
        var options = new Dictionary<string, string> { ["decimal-separator"] = "" };
        Assert.Equal("1,234.50", DecimalPictureFormatter.Format(1234.5, "#,##0.00", options));
    }

    [Fact]
    public void ReportsAMarkerWithOnlyAWidthAsAnUnknownComponent()
    {
        var error = Assert.Throws<JsonataFormattingException>(() => DateTimePictureFormatter.Format(0, "[,2]", null));
        Assert.Equal("D3132", error.Code);
    }
}
