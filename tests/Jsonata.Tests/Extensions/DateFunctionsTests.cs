using Xunit;
using static Serverless.Jsonata.Tests.Extensions.Truto;

namespace Serverless.Jsonata.Tests.Extensions;

public sealed class DateFunctionsTests
{
    [Theory]
    [InlineData("$dtFromIso('2024-01-31T09:05:00Z')", "\"2024-01-31T09:05:00.000Z\"")]
    [InlineData("$dtFromIso('2024-01-31T09:05:00.123+02:00')", "\"2024-01-31T07:05:00.123Z\"")]
    [InlineData("$dtFromIso('2024-01-31')", "\"2024-01-31T00:00:00.000Z\"")]
    [InlineData("$dtFromIso('2024-01-31T09:05')", "\"2024-01-31T09:05:00.000Z\"")]
    [InlineData("$dtFromIso('31/01/2024')", "undefined")]
    [InlineData("$dtFromIso('2024-13-01')", "undefined")]
    [InlineData("$dtFromIso('')", "undefined")]
    [InlineData("$dtFromIso('२०२४-01-31')", "undefined")]
    [InlineData("$dtFromIso(nothing)", "undefined")]
    public void DtFromIso_normalises_to_utc_iso(string expression, string expected) =>
        Assert.Equal(expected, Eval(expression));

    [Fact]
    public void DtFromIso_result_is_readable_by_toMillis() =>
        Assert.Equal("1706691900000", Eval("$toMillis($dtFromIso('2024-01-31T09:05:00Z'))"));

    [Theory]
    [InlineData("$dtFromFormat('31/01/2024', 'dd/MM/yyyy')", "\"2024-01-31T00:00:00.000Z\"")]
    [InlineData("$dtFromFormat('1/2/2024 3:04 PM', 'M/d/yyyy h:mm a')", "\"2024-01-02T15:04:00.000Z\"")]
    [InlineData("$dtFromFormat('2024-01-31 09:05:07.250', 'yyyy-MM-dd HH:mm:ss.SSS')", "\"2024-01-31T09:05:07.250Z\"")]
    [InlineData("$dtFromFormat('January 5, 2024', 'MMMM d, yyyy')", "\"2024-01-05T00:00:00.000Z\"")]
    [InlineData("$dtFromFormat('Fri, 05 Jan 2024', 'EEE, dd MMM yyyy')", "\"2024-01-05T00:00:00.000Z\"")]
    [InlineData("$dtFromFormat('2024-01-31T10:00:00+01:00', \"yyyy-MM-dd'T'HH:mm:ssZZ\")", "\"2024-01-31T09:00:00.000Z\"")]
    [InlineData("$dtFromFormat('1706691900', 'X')", "\"2024-01-31T09:05:00.000Z\"")]
    [InlineData("$dtFromFormat('1706691900123', 'x')", "\"2024-01-31T09:05:00.123Z\"")]
    [InlineData("$dtFromFormat('2024', 'yyyy')", "\"2024-01-01T00:00:00.000Z\"")]
    [InlineData("$dtFromFormat('31/01/2024', 'yyyy-MM-dd')", "undefined")]
    [InlineData("$dtFromFormat('abc', 'X')", "undefined")]
    [InlineData("$dtFromFormat(nothing, 'yyyy')", "undefined")]
    public void DtFromFormat_parses_luxon_formats(string expression, string expected) =>
        Assert.Equal(expected, Eval(expression));

    [Fact]
    public void DtFromFormat_without_a_format_is_a_type_error() =>
        Assert.StartsWith("T04", ErrorCode("$dtFromFormat('2024')"));
}
