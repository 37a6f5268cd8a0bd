namespace Serverless.Core.Jsonata.Formatting;

/// <summary>
/// The calendar and clock fields of an instant (already shifted to the wanted timezone), and the
/// derived ISO week-based values the F&amp;O components W, w, X and x report.
/// </summary>
internal readonly record struct CalendarFields(long Days, long Year, int Month, int Day, int Hour, int Minute, int Second, int Millisecond)
{
    public static CalendarFields FromMillis(long millis)
    {
        var days = CivilCalendar.FloorDiv(millis, CivilCalendar.MillisPerDay);
        var ofDay = millis - days * CivilCalendar.MillisPerDay;
        var (year, month, day) = CivilCalendar.CivilFromDays(days);
        return new CalendarFields(days, year, month, day,
            (int)(ofDay / 3_600_000), (int)(ofDay / 60_000 % 60), (int)(ofDay / 1000 % 60), (int)(ofDay % 1000));
    }

    /// <summary>The integer value of an F&amp;O date/time component (P, C, E and Z are not integers).</summary>
    public long Get(char component) => component switch
    {
        'Y' => Year,
        'M' => Month,
        'D' => Day,
        'd' => Days - CivilCalendar.DaysFromCivil(Year, 1, 1) + 1,
        'F' => CivilCalendar.IsoDayOfWeek(Days),
        'W' => WeekOfYear(),
        'w' => WeekOfMonth(),
        'X' => WeekBasedYear(),
        'x' => WeekBasedMonth(),
        'H' => Hour,
        'h' => Hour % 12 == 0 ? 12 : Hour % 12,
        'm' => Minute,
        's' => Second,
        'f' => Millisecond,
        _ => throw new ArgumentOutOfRangeException(nameof(component), component, "Not an integer-valued component."),
    };

    public bool IsAfternoon => Hour >= 12;

    // ISO 8601: week 1 of a year (and, by F&O's extension, of a month) is the Monday-started week containing its first Thursday.
    private static long StartOfFirstWeek(long year, int month)
    {
        var first = CivilCalendar.DaysFromCivil(year, month, 1);
        var dayOfWeek = CivilCalendar.IsoDayOfWeek(first);
        return dayOfWeek > 4 ? first + (8 - dayOfWeek) : first - (dayOfWeek - 1);
    }

    private static long WeeksSince(long start, long day) => CivilCalendar.FloorDiv(day - start, 7) + 1;

    private long WeekOfYear()
    {
        var week = WeeksSince(StartOfFirstWeek(Year, 1), Days);
        if (week > 52 && Days >= StartOfFirstWeek(Year + 1, 1)) return 1;
        if (week < 1) return WeeksSince(StartOfFirstWeek(Year - 1, 1), Days);
        return week;
    }

    private long WeekOfMonth()
    {
        var week = WeeksSince(StartOfFirstWeek(Year, Month), Days);
        if (week > 4)
        {
            var (nextYear, nextMonth) = Month == 12 ? (Year + 1, 1) : (Year, Month + 1);
            if (Days >= StartOfFirstWeek(nextYear, nextMonth)) return 1;
        }
        else if (week < 1)
        {
            var (previousYear, previousMonth) = Month == 1 ? (Year - 1, 12) : (Year, Month - 1);
            return WeeksSince(StartOfFirstWeek(previousYear, previousMonth), Days);
        }

        return week;
    }

    private long WeekBasedYear()
    {
        if (Days < StartOfFirstWeek(Year, 1)) return Year - 1;
        if (Days >= StartOfFirstWeek(Year + 1, 1)) return Year + 1;
        return Year;
    }

    private long WeekBasedMonth()
    {
        if (Days < StartOfFirstWeek(Year, Month)) return Month == 1 ? 12 : Month - 1;
        var (nextYear, nextMonth) = Month == 12 ? (Year + 1, 1) : (Year, Month + 1);
        if (Days >= StartOfFirstWeek(nextYear, nextMonth)) return nextMonth;
        return Month;
    }
}
