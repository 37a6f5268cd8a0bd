using Serverless.Core.Jsonata.Formatting;
using Xunit;

namespace Serverless.Jsonata.Tests.Formatting;

/// <summary>$fromMillis cases of the JSONata suite (function-fromMillis).</summary>
public sealed class DateTimePictureFormattingTests
{
    [Theory]
    [InlineData(1, null, null, "1970-01-01T00:00:00.001Z")]
    [InlineData(1509380732935L, null, null, "2017-10-30T16:25:32.935Z")]
    public void FormatsIso8601WhenThereIsNoPicture(long millis, string? picture, string? timezone, string expected)
    {
        Assert.Equal(expected, DateTimePictureFormatter.Format(millis, picture, timezone));
    }

    [Theory]
    [InlineData(1521801216617L, "Hello", null, "Hello")]
    [InlineData(1521801216617L, "Year: [Y0001]", null, "Year: 2018")]
    [InlineData(1521801216617L, "Year: <[Y0001]>", null, "Year: <2018>")]
    [InlineData(1521801216617L, "Year: <[Y9,999,*]>", null, "Year: <2,018>")]
    [InlineData(1521801216617L, "[[Year: <[Y0001]>", null, "[Year: <2018>")]
    [InlineData(1521801216617L, "Year]]: <[Y0001]>", null, "Year]: <2018>")]
    [InlineData(1521801216617L, "[[Year]]: [[[Y0001]]]", null, "[Year]: [2018]")]
    [InlineData(1521801216617L, "[D#1]/[M#1]/[Y0001]", null, "23/3/2018")]
    [InlineData(1522616700000L, "[F0] [FNn]", null, "7 Sunday")]
    [InlineData(1522703100000L, "[F0] [FNn]", null, "1 Monday")]
    [InlineData(1521801216617L, "[Y0001]-[M01]-[D01]", null, "2018-03-23")]
    [InlineData(1521801216617L, "[M01]/[D01]/[Y0001] at [H01]:[m01]:[s01]", null, "03/23/2018 at 10:33:36")]
    [InlineData(1521801216617L, "[Y]-[M01]-[D01]T[H01]:[m]:[s].[f001][Z01:01t]", null, "2018-03-23T10:33:36.617Z")]
    [InlineData(1521801216617L, "[Y]-[ M01]-[D 01]T[H01 ]:[ m   ]:[s].[f0  01][Z01:\n 01t]", null, "2018-03-23T10:33:36.617Z")]
    public void FormatsBasicDatePatternsAndEscapedBrackets(long millis, string? picture, string? timezone, string expected)
    {
        Assert.Equal(expected, DateTimePictureFormatter.Format(millis, picture, timezone));
    }

    [Theory]
    [InlineData(1521801216617L, "[Y]-[M01]-[D01]T[H01]:[m]:[s].[f001][Z0101t]", "+0100", "2018-03-23T11:33:36.617+0100")]
    [InlineData(1531310400000L, "[Y]-[M01]-[D01]T[H01]:[m]:[s][Z01:01]", null, "2018-07-11T12:00:00+00:00")]
    [InlineData(1531310400000L, "[Y]-[M01]-[D01]T[H01]:[m]:[s][Z01:01t]", null, "2018-07-11T12:00:00Z")]
    [InlineData(1531310400000L, "[Y]-[M01]-[D01]T[H01]:[m]:[s][Z]", "-0500", "2018-07-11T07:00:00-05:00")]
    [InlineData(1531310400000L, "[Y]-[M01]-[D01]T[H01]:[m]:[s][Z0]", "-0500", "2018-07-11T07:00:00-5")]
    [InlineData(1531310400000L, "[Y]-[M01]-[D01]T[H01]:[m]:[s][Z]", "+1000", "2018-07-11T22:00:00+10:00")]
    [InlineData(1531310400000L, "[Y]-[M01]-[D01]T[H01]:[m]:[s][Z0]", "+1000", "2018-07-11T22:00:00+10")]
    [InlineData(1531310400000L, "[Y]-[M01]-[D01]T[H01]:[m]:[s][Z0]", "+0530", "2018-07-11T17:30:00+5:30")]
    [InlineData(1531310400000L, "[Y]-[M01]-[D01]T[H01]:[m]:[s][z]", "-0500", "2018-07-11T07:00:00GMT-05:00")]
    [InlineData(1204405500000L, "[Y]-[M01]-[D01]T[H01]:[m]:[s].[f001][Z0101t]", "+0530", "2008-03-02T02:35:00.000+0530")]
    [InlineData(1230757500000L, "[Y]-[M01]-[D01]T[H01]:[m]:[s].[f001][Z0101t]", "+0530", "2009-01-01T02:35:00.000+0530")]
    public void FormatsInTheRequestedTimezone(long millis, string? picture, string? timezone, string expected)
    {
        Assert.Equal(expected, DateTimePictureFormatter.Format(millis, picture, timezone));
    }

    [Theory]
    [InlineData(1521801216617L, "[D#1,2]/[M1,2]/[Y,2]", null, "23/03/18")]
    [InlineData(1521801216617L, "[D#1,2]/[M1,2]/[Y0001,2]", null, "23/03/2018")]
    [InlineData(1521801216617L, "[D#1,2]/[M1,2]/[Y##01,2-2]", null, "23/03/18")]
    [InlineData(1521801216617L, "[D#1,2]/[M1,2]/[Y0001,2-2]", null, "23/03/18")]
    public void AppliesWidthModifiers(long millis, string? picture, string? timezone, string expected)
    {
        Assert.Equal(expected, DateTimePictureFormatter.Format(millis, picture, timezone));
    }

    [Theory]
    [InlineData(1521801216617L, "[D1] [M01] [YI]", null, "23 03 MMXVIII")]
    public void FormatsComponentsAsRomanNumerals(long millis, string? picture, string? timezone, string expected)
    {
        Assert.Equal(expected, DateTimePictureFormatter.Format(millis, picture, timezone));
    }

    [Theory]
    [InlineData(1521801216617L, "[Da] [MA] [Yi]", null, "w C mmxviii")]
    public void FormatsComponentsAsLetters(long millis, string? picture, string? timezone, string expected)
    {
        Assert.Equal(expected, DateTimePictureFormatter.Format(millis, picture, timezone));
    }

    [Theory]
    [InlineData(1521801216617L, "[D1o] [M01] [Y]", null, "23rd 03 2018")]
    public void FormatsOrdinalDays(long millis, string? picture, string? timezone, string expected)
    {
        Assert.Equal(expected, DateTimePictureFormatter.Format(millis, picture, timezone));
    }

    [Theory]
    [InlineData(1521801216617L, "[Yw]", null, "two thousand and eighteen")]
    [InlineData(1521801216617L, "[Dwo] [M01] [Y]", null, "twenty-third 03 2018")]
    [InlineData(1521801216617L, "[D1o] [MNn] [Y]", null, "23rd March 2018")]
    [InlineData(1521801216617L, "[D1o] [MN] [Y]", null, "23rd MARCH 2018")]
    [InlineData(1521801216617L, "[FNn], [D1o] [MNn] [Y]", null, "Friday, 23rd March 2018")]
    [InlineData(1521801216617L, "[FNn], the [Dwo] of [MNn] [Y] [E]", null, "Friday, the twenty-third of March 2018 ISO")]
    [InlineData(1521801216617L, "[FNn,3-3], [D1o] [MNn,3-3] [Y] [C]", null, "Fri, 23rd Mar 2018 ISO")]
    public void FormatsComponentsInWords(long millis, string? picture, string? timezone, string expected)
    {
        Assert.Equal(expected, DateTimePictureFormatter.Format(millis, picture, timezone));
    }

    [Theory]
    [InlineData(1521801216617L, "[F], [D]/[M]/[Y] [h]:[m]:[s] [P]", null, "friday, 23/3/2018 10:33:36 am")]
    [InlineData(1204405500000L, "[F], [D]/[M]/[Y] [h]:[m]:[s] [P]", null, "saturday, 1/3/2008 9:05:00 pm")]
    [InlineData(1199664000000L, "[F], [D]/[M]/[Y] [h]:[m]:[s] [P]", null, "monday, 7/1/2008 12:00:00 am")]
    public void AppliesDefaultPresentationModifiers(long millis, string? picture, string? timezone, string expected)
    {
        Assert.Equal(expected, DateTimePictureFormatter.Format(millis, picture, timezone));
    }

    [Theory]
    [InlineData(1514808000000L, "[dwo] day of the year", null, "first day of the year")]
    [InlineData(1546257600000L, "[d] days in [Y0001]", null, "365 days in 2018")]
    [InlineData(1483185600000L, "[d] days in [Y0001]", null, "366 days in 2016")]
    [InlineData(1514808000000L, "Week: [W]", null, "Week: 1")]
    [InlineData(1515326400000L, "Week: [W]", null, "Week: 1")]
    [InlineData(1545739200000L, "Week: [W]", null, "Week: 52")]
    [InlineData(1388577600000L, "Week: [W]", null, "Week: 1")]
    [InlineData(1419854400000L, "Week: [W]", null, "Week: 1")]
    [InlineData(1419768000000L, "Week: [W]", null, "Week: 52")]
    [InlineData(1419336000000L, "Week: [W]", null, "Week: 52")]
    [InlineData(1420113600000L, "Week: [W]", null, "Week: 1")]
    [InlineData(1420459200000L, "Week: [W]", null, "Week: 2")]
    [InlineData(1451304000000L, "Week: [W]", null, "Week: 53")]
    [InlineData(1451563200000L, "Week: [W]", null, "Week: 53")]
    [InlineData(1451736000000L, "Week: [W]", null, "Week: 53")]
    [InlineData(1359460800000L, "Week: [w] of [xNn]", null, "Week: 5 of January")]
    [InlineData(1359633600000L, "Week: [w] of [xNn]", null, "Week: 5 of January")]
    [InlineData(1359720000000L, "Week: [w] of [xNn]", null, "Week: 5 of January")]
    [InlineData(1514808000000L, "Week: [w] of [xNn]", null, "Week: 1 of January")]
    [InlineData(1483272000000L, "Week: [w] of [xNn]", null, "Week: 5 of December")]
    [InlineData(1533038400000L, "Week: [w] of [xNn]", null, "Week: 1 of August")]
    [InlineData(1419940800000L, "Week: [w] of [xNn]", null, "Week: 1 of January")]
    public void FormatsDayOfYearAndWeekNumbers(long millis, string? picture, string? timezone, string expected)
    {
        Assert.Equal(expected, DateTimePictureFormatter.Format(millis, picture, timezone));
    }

    [Theory]
    [InlineData(1521801216617L, "[F], [D]/[M]/[Y] [h]:[m]:[s] [PN]", null, "friday, 23/3/2018 10:33:36 AM")]
    [InlineData(1521801216617L, "[F], [D]/[M]/[Y] [h]:[m]:[s] [Pn]", null, "friday, 23/3/2018 10:33:36 am")]
    public void FormatsTheAmPmMarkerInTheRequestedCase(long millis, string? picture, string? timezone, string expected)
    {
        Assert.Equal(expected, DateTimePictureFormatter.Format(millis, picture, timezone));
    }

    [Theory]
    [InlineData(1230757500000L, "[Y]-[M01]-[D01]T[H01]:[m]:[s].[f001][Z010101t]", "+0530", "D3134")]
    [InlineData(1419940800000L, "[YN]-[M]-[D]", null, "D3133")]
    [InlineData(1419940800000L, "[YN]-[M", null, "D3135")]
    public void RejectsInvalidPicturesWithTheReferenceCode(long millis, string picture, string? timezone, string code)
    {
        var error = Assert.Throws<JsonataFormattingException>(() => DateTimePictureFormatter.Format(millis, picture, timezone));
        Assert.Equal(code, error.Code);
    }

    [Theory]
    [InlineData("2005-01-01", "2004-W53-6")] // Sat 1 Jan 2005
    [InlineData("2005-01-02", "2004-W53-7")] // Sun 2 Jan 2005
    [InlineData("2005-12-31", "2005-W52-6")] // Sat 31 Dec 2005
    [InlineData("2006-01-01", "2005-W52-7")] // Sun 1 Jan 2006
    [InlineData("2006-01-02", "2006-W01-1")] // Mon 2 Jan 2006
    [InlineData("2006-12-31", "2006-W52-7")] // Sun 31 Dec 2006
    [InlineData("2007-01-01", "2007-W01-1")] // Mon 1 Jan 2007
    [InlineData("2007-12-30", "2007-W52-7")] // Sun 30 Dec 2007
    [InlineData("2007-12-31", "2008-W01-1")] // Mon 31 Dec 2007
    [InlineData("2008-01-01", "2008-W01-2")] // Tue 1 Jan 2008
    [InlineData("2008-12-28", "2008-W52-7")] // Sun 28 Dec 2008
    [InlineData("2008-12-29", "2009-W01-1")] // Mon 29 Dec 2008
    [InlineData("2008-12-30", "2009-W01-2")] // Tue 30 Dec 2008
    [InlineData("2008-12-31", "2009-W01-3")] // Wed 31 Dec 2008
    [InlineData("2009-01-01", "2009-W01-4")] // Thu 1 Jan 2009
    [InlineData("2009-12-31", "2009-W53-4")] // Thu 31 Dec 2009
    [InlineData("2010-01-01", "2009-W53-5")] // Fri 1 Jan 2010
    [InlineData("2010-01-02", "2009-W53-6")] // Sat 2 Jan 2010
    [InlineData("2010-01-03", "2009-W53-7")] // Sun 3 Jan 2010
    public void FormatsIsoWeekDates(string date, string expected)
    {
        // Suite isoWeekDate: ($ts := $toMillis(date, '[Y]-[M]-[D]'); $fromMillis($ts, '[X0001]-W[W01]-[F1]')).
        var millis = DateTimePictureFormatter.Parse(date, "[Y]-[M]-[D]");
        Assert.NotNull(millis);
        Assert.Equal(expected, DateTimePictureFormatter.Format(millis.Value, "[X0001]-W[W01]-[F1]", null));
    }

    [Fact]
    public void DefaultsToIso8601InTheRequestedTimezone()
    {
        // Suite "Default format": $toMillis('2018-10-21T13:05:00Z').[$fromMillis(), $fromMillis($, (),'-0500'), $fromMillis($, (),'0000')].
        var millis = DateTimePictureFormatter.Parse("2018-10-21T13:05:00Z", null);
        Assert.NotNull(millis);
        Assert.Equal("2018-10-21T13:05:00.000Z", DateTimePictureFormatter.Format(millis.Value, null, null));
        Assert.Equal("2018-10-21T08:05:00.000-05:00", DateTimePictureFormatter.Format(millis.Value, null, "-0500"));
        Assert.Equal("2018-10-21T13:05:00.000Z", DateTimePictureFormatter.Format(millis.Value, null, "0000"));
    }

    // Beyond the suite: expectations taken from jsonata-js 2.2.2 for the same calls (2000-02-29T00:00Z).
    [Theory]
    [InlineData("[MNn,3-3]", "Feb")]
    [InlineData("[Dwo]", "twenty-ninth")]
    [InlineData("[d]", "60")]
    [InlineData("[FNn]", "Tuesday")]
    [InlineData("[W01]", "09")]
    [InlineData("[w] [xNn]", "1 March")]
    [InlineData("[h]:[m01] [P]", "12:00 am")]
    [InlineData("[Y,*-2]", "00")]
    public void FormatsALeapDay(string picture, string expected)
    {
        Assert.Equal(expected, DateTimePictureFormatter.Format(951782400000, picture, null));
    }

    [Theory]
    [InlineData("-0530", "2018-03-23T05:03:36.617-05:30")]
    [InlineData("-0045", "2018-03-23T09:48:36.617-00:45")]
    [InlineData("+0045", "2018-03-23T11:18:36.617+00:45")]
    public void AppliesANegativeOffsetsSignToItsMinutes(string timezone, string expected)
    {
        // Deliberately differs from jsonata-js, which reads "-0530" as -6h +30m (-06:30).
        Assert.Equal(expected, DateTimePictureFormatter.Format(1521801216617, null, timezone));
    }

    [Theory]
    [InlineData("[q01]")]
    [InlineData("[]")]
    public void RejectsUnknownComponentsEvenWithAPresentationModifier(string picture)
    {
        // jsonata-js writes "undefined" for these; an error naming the problem is more useful.
        var error = Assert.Throws<JsonataFormattingException>(() => DateTimePictureFormatter.Format(0, picture, null));
        Assert.Equal("D3132", error.Code);
    }

    [Fact]
    public void FormatsYearsBeyondTheRangeOfDateTime()
    {
        Assert.Equal("-000001-01-01", DateTimePictureFormatter.Format(-62198755200000, "[Y000001]-[M01]-[D01]", null));
        Assert.Equal("10000-01-01", DateTimePictureFormatter.Format(253402300800000, "[Y1]-[M01]-[D01]", null));
    }
}
