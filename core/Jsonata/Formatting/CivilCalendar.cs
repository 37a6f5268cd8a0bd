namespace Serverless.Core.Jsonata.Formatting;

/// <summary>
/// Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), valid for any
/// year, so timestamps outside DateTime's range format the way JavaScript's Date does.
/// </summary>
internal static class CivilCalendar
{
    public const long MillisPerDay = 86_400_000;

    /// <summary>Day number of a date; month is 1-12, and day may run past the month's end.</summary>
    public static long DaysFromCivil(long year, int month, long day)
    {
        year -= month <= 2 ? 1 : 0;
        var era = FloorDiv(year, 400);
        var yearOfEra = year - era * 400;
        var monthFromMarch = month > 2 ? month - 3 : month + 9;
        var dayOfYear = (153 * monthFromMarch + 2) / 5;
        var dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468 + (day - 1);
    }

    public static (long Year, int Month, int Day) CivilFromDays(long days)
    {
        days += 719_468;
        var era = FloorDiv(days, 146_097);
        var dayOfEra = days - era * 146_097;
        var yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        var dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        var monthFromMarch = (5 * dayOfYear + 2) / 153;
        var day = (int)(dayOfYear - (153 * monthFromMarch + 2) / 5 + 1);
        var month = (int)(monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
        var year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        return (year, month, day);
    }

    /// <summary>ISO 8601 day of week: Monday 1 … Sunday 7.</summary>
    public static int IsoDayOfWeek(long days) => (int)(FloorMod(days + 3, 7) + 1);

    public static long FloorDiv(long value, long divisor) => value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor);

    public static long FloorMod(long value, long divisor) => value - FloorDiv(value, divisor) * divisor;
}
