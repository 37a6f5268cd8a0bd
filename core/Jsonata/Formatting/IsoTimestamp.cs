using System.Globalization;
using System.Text.RegularExpressions;

namespace Serverless.Core.Jsonata.Formatting;

/// <summary>
/// $toMillis without a picture: the ISO 8601 subset the reference accepts (year, optional month, day,
/// time, fraction and offset), read as JavaScript's Date.parse reads it. A time without an offset is
/// taken as UTC.
/// </summary>
internal static partial class IsoTimestamp
{
    [GeneratedRegex(@"^([0-9]{4})(?:-([01][0-9]))?(?:-([0-3][0-9]))?(?:T([0-2][0-9]):([0-5][0-9]):([0-5][0-9]))?(?:\.([0-9]+))?(?:([+-])([0-2][0-9]):?([0-5][0-9])|(Z))?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    /// <returns>Epoch millis, or null when the text has the accepted shape but no valid date (e.g. month 13).</returns>
    /// <exception cref="JsonataFormattingException">D3110 when the text is not in the accepted shape.</exception>
    public static long? Parse(string text)
    {
        var match = Shape().Match(text);
        if (!match.Success)
        {
            throw new JsonataFormattingException("D3110",
                $"The timestamp '{text}' is not in ISO 8601 format; supply a picture string to parse it.");
        }

        var groups = match.Groups;
        var hasTime = groups[4].Success;
        var hasOffset = groups[8].Success;
        // Date.parse rejects a fraction or numeric offset that does not follow a time of day.
        if (!hasTime && (groups[7].Success || hasOffset)) return null;

        var year = Number(groups[1]);
        var month = groups[2].Success ? Number(groups[2]) : 1;
        var day = groups[3].Success ? Number(groups[3]) : 1;
        if (month is < 1 or > 12 || day is < 1 or > 31) return null;

        int hour = 0, minute = 0, second = 0, millisecond = 0;
        if (hasTime)
        {
            hour = Number(groups[4]);
            minute = Number(groups[5]);
            second = Number(groups[6]);
            if (hour > 24 || (hour == 24 && (minute != 0 || second != 0))) return null;
        }

        if (groups[7].Success)
        {
            var fraction = groups[7].Value;
            millisecond = int.Parse(fraction.Length > 3 ? fraction[..3] : fraction.PadRight(3, '0'), CultureInfo.InvariantCulture);
        }

        var offsetMinutes = 0;
        if (hasOffset)
        {
            offsetMinutes = Number(groups[9]) * 60 + Number(groups[10]);
            if (groups[8].Value == "-") offsetMinutes = -offsetMinutes;
        }

        var days = CivilCalendar.DaysFromCivil(year, month, day);
        return days * CivilCalendar.MillisPerDay + ((hour * 60L + minute - offsetMinutes) * 60 + second) * 1000 + millisecond;
    }

    private static int Number(Group group) => int.Parse(group.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
}
