using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Serverless.Core.Jsonata.Formatting;

/// <summary>
/// $toMillis with a picture, as the reference does it: the picture becomes one regular expression with
/// a group per part; the captured components must form one of the F&amp;O date shapes (Y-M-D or Y-d) and
/// time shapes (H:m:s.f or h:m:s.f with P), with no gaps; fields before the first given one come from
/// "now", fields after the last given one are zero (or one, for month and day).
/// </summary>
internal static class TimestampPictureParser
{
    private sealed record CompiledPicture(Regex Matcher, IReadOnlyList<Func<string, double>?> Readers, string Components);

    private static readonly ConditionalWeakTable<DateTimePicture, CompiledPicture> Compiled = new();

    // Bit masks over "YXMxWwdD" and "PHhmsf": the components each shape uses.
    private const int DateYearMonthDay = 0b10100001;
    private const int DateYearDayOfYear = 0b10000010;
    private const int DateMonthWeekDay = 0b01010100;
    private const int DateIsoWeekDay = 0b01001000;
    private const int Time24Hour = 0b010111;
    private const int Time12Hour = 0b101111;

    public static long? Parse(string timestamp, DateTimePicture picture, long nowMillis)
    {
        var compiled = Compiled.GetValue(picture, Compile);
        Match match;
        try
        {
            match = compiled.Matcher.Match(timestamp);
        }
        catch (RegexMatchTimeoutException)
        {
            // Word-number components can backtrack heavily on long non-matching text; treat it as no match.
            return null;
        }

        if (!match.Success) return null;

        var components = new Dictionary<char, double>();
        for (var i = 0; i < compiled.Readers.Count; i++)
        {
            if (compiled.Readers[i] is not { } read) continue;
            var value = read(match.Groups[i + 1].Value);
            // A name the lookup does not know leaves the component unspecified, as in the reference.
            if (!double.IsNegativeInfinity(value)) components[compiled.Components[i]] = value;
            else components.Remove(compiled.Components[i]);
        }

        if (components.Count == 0) return null;

        var dateMask = Mask(components, "YXMxWwdD");
        var timeMask = Mask(components, "PHhmsf");
        var dateA = IsShape(DateYearMonthDay, dateMask);
        var dateB = !dateA && IsShape(DateYearDayOfYear, dateMask);
        var dateC = IsShape(DateMonthWeekDay, dateMask);
        var dateD = !dateC && IsShape(DateIsoWeekDay, dateMask);
        var timeA = IsShape(Time24Hour, timeMask);
        var timeB = !timeA && IsShape(Time12Hour, timeMask);

        var order = (dateB ? "YD" : dateC ? "XxwF" : dateD ? "XWF" : "YMD") + (timeB ? "Phmsf" : "Hmsf");
        var now = CalendarFields.FromMillis(nowMillis);
        var started = false;
        var ended = false;
        foreach (var component in order)
        {
            if (!components.ContainsKey(component))
            {
                if (started)
                {
                    components[component] = component is 'M' or 'D' or 'd' ? 1 : 0;
                    ended = true;
                }
                else
                {
                    components[component] = component == 'P' ? (now.IsAfternoon ? 1 : 0) : now.Get(component);
                }
            }
            else
            {
                started = true;
                if (ended)
                {
                    throw new JsonataFormattingException("D3136",
                        "The picture string leaves a gap between the date/time components it gives; the timestamp cannot be determined.");
                }
            }
        }

        if (dateC || dateD)
        {
            throw new JsonataFormattingException("D3136",
                "Timestamps given by week of the year or month and day of the week cannot be parsed.");
        }

        var year = components['Y'];
        var month = components.TryGetValue('M', out var m) && m > 0 ? m - 1 : 0;
        var day = components['D'];
        if (dateB)
        {
            var derived = CalendarFields.FromMillis(
                (long)((MakeDay(year, 0, 1) + (components['d'] - 1)) * CivilCalendar.MillisPerDay));
            month = derived.Month - 1;
            day = derived.Day;
        }

        var hour = components.GetValueOrDefault('H');
        if (timeB)
        {
            var h = components['h'];
            hour = (h == 12 ? 0 : h) + (components['P'] == 1 ? 12 : 0);
        }

        var parts = new[] { year, month, day, hour, components['m'], components['s'], components['f'] };
        if (parts.Any(double.IsNaN)) return null;

        var millis = MakeDay(year, month, day) * CivilCalendar.MillisPerDay
            + Math.Truncate(hour) * 3_600_000 + Math.Truncate(components['m']) * 60_000
            + Math.Truncate(components['s']) * 1000 + Math.Truncate(components['f']);
        var offset = components.GetValueOrDefault('Z');
        if (offset == 0) offset = components.GetValueOrDefault('z');
        if (double.IsNaN(offset)) return null;
        millis -= offset * 60_000;
        return double.IsFinite(millis) ? (long)millis : null;
    }

    // Date.UTC's MakeDay: months past December roll into later years, and years 0-99 mean 1900-1999.
    private static double MakeDay(double year, double month, double day)
    {
        var y = Math.Truncate(year);
        if (y is >= 0 and <= 99) y += 1900;
        var m = Math.Truncate(month);
        var wholeYear = y + Math.Floor(m / 12);
        var monthInYear = (int)(m - Math.Floor(m / 12) * 12);
        return CivilCalendar.DaysFromCivil((long)wholeYear, monthInYear + 1, 1) + Math.Truncate(day) - 1;
    }

    private static int Mask(Dictionary<char, double> components, string order)
    {
        var mask = 0;
        foreach (var component in order)
        {
            // JavaScript truthiness: a component read as 0 (or NaN) does not count towards the shape.
            var present = components.TryGetValue(component, out var value) && value != 0 && !double.IsNaN(value);
            mask = (mask << 1) | (present ? 1 : 0);
        }

        return mask;
    }

    private static bool IsShape(int shape, int mask) => (~shape & mask) == 0 && (shape & mask) != 0;

    private static CompiledPicture Compile(DateTimePicture picture)
    {
        var pattern = new StringBuilder("^");
        var readers = new List<Func<string, double>?>();
        var components = new StringBuilder();
        foreach (var part in picture.Parts)
        {
            var (regex, reader, component) = part switch
            {
                LiteralPart literal => (Regex.Escape(literal.Text), null, ' '),
                MarkerPart marker => MarkerPattern(marker),
                _ => throw new InvalidOperationException("Unknown picture part."),
            };
            pattern.Append('(').Append(regex).Append(')');
            readers.Add(reader);
            components.Append(component);
        }

        pattern.Append('$');
        var matcher = new Regex(pattern.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(250));
        return new CompiledPicture(matcher, readers, components.ToString());
    }

    private static (string Regex, Func<string, double>? Reader, char Component) MarkerPattern(MarkerPart marker)
    {
        var component = marker.Component;
        if (component is 'Z' or 'z')
        {
            var format = marker.IntegerFormat!;
            var separator = format.RegularGroupSize > 0 ? format.Separators[0].Character : null;
            var regex = (component == 'z' ? "GMT" : "") + "[-+][0-9]+" + (separator is null ? "" : Regex.Escape(separator) + "[0-9]+");
            return (regex, text => TimezoneMinutes(component == 'z' ? text[3..] : text, separator), component);
        }

        if (component == 'f')
        {
            // Only milliseconds are kept: the first three digits of the fraction.
            return ("[0-9]+", text => double.Parse("0." + (text.Length > 3 ? text[..3] : text), CultureInfo.InvariantCulture) * 1000, component);
        }

        if (marker.IntegerFormat is { } integer)
        {
            return (IntegerPictureFormatter.MatchPattern(integer), text => IntegerPictureFormatter.Read(text, integer), component);
        }

        var names = new Dictionary<string, double>(StringComparer.Ordinal);
        switch (component)
        {
            case 'M' or 'x':
                for (var i = 0; i < DateTimePictureFormatter.MonthNames.Length; i++) names[Abbreviate(DateTimePictureFormatter.MonthNames[i], marker)] = i + 1;
                break;
            case 'F':
                for (var i = 0; i < DateTimePictureFormatter.DayNames.Length; i++) names[Abbreviate(DateTimePictureFormatter.DayNames[i], marker)] = i + 1;
                break;
            case 'P':
                names["am"] = 0;
                names["AM"] = 0;
                names["pm"] = 1;
                names["PM"] = 1;
                break;
            default:
                throw new JsonataFormattingException("D3133", $"The component '{component}' cannot be presented as a name.");
        }

        return ("[a-zA-Z]+", text => names.TryGetValue(text, out var value) ? value : double.NegativeInfinity, component);
    }

    private static string Abbreviate(string name, MarkerPart marker) =>
        marker.MaxWidth is { } max && max > 0 && name.Length > max ? name[..max] : name;

    private static double TimezoneMinutes(string text, string? separator)
    {
        var negative = text.StartsWith('-');
        double hours, minutes;
        if (separator is not null)
        {
            var at = text.IndexOf(separator, StringComparison.Ordinal);
            hours = JsNumberText.ParseIntPrefix(text[..at]);
            minutes = JsNumberText.ParseIntPrefix(text[(at + separator.Length)..]);
        }
        else if (text.Length - 1 <= 2)
        {
            hours = JsNumberText.ParseIntPrefix(text);
            minutes = 0;
        }
        else
        {
            hours = JsNumberText.ParseIntPrefix(text[..3]);
            minutes = JsNumberText.ParseIntPrefix(text[3..]);
        }

        // The sign applies to the whole offset: -05:30 is 330 minutes behind UTC.
        return hours * 60 + (negative ? -minutes : minutes);
    }
}
