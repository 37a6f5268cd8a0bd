using System.Globalization;
using System.Text;

namespace Serverless.Core.Jsonata.Formatting;

/// <summary>
/// $fromMillis and $toMillis: F&amp;O 3.1 fn:format-dateTime pictures over epoch milliseconds, and
/// the reverse picture-driven parsing, behaving as jsonata-js 2.2.2.
/// </summary>
internal static class DateTimePictureFormatter
{
    private const string IsoPicture = "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]";

    internal static readonly string[] MonthNames =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    internal static readonly string[] DayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    /// <summary>JavaScript dates span ±100,000,000 days around the epoch.</summary>
    private const long MaxMillis = 8_640_000_000_000_000;

    private static readonly PictureCache<DateTimePicture> Pictures = new(DateTimePicture.Analyse);

    /// <summary>
    /// Formats <paramref name="millis"/> (since the Unix epoch) with the picture, ISO 8601 when it is
    /// null, in the timezone given as ±HHMM (UTC when null).
    /// </summary>
    /// <exception cref="JsonataFormattingException">D3132–D3135 for an invalid picture string; D1001 beyond ±8.64e15 ms (JavaScript's date range).</exception>
    public static string Format(long millis, string? picture, string? timezone)
    {
        if (Math.Abs(millis) > MaxMillis)
        {
            throw new JsonataFormattingException("D1001", $"Number out of range: {millis} is outside the timestamps a JSONata date can hold.");
        }

        var offsetMinutes = timezone is null ? 0 : TimezoneOffsetMinutes(timezone);
        var fields = CalendarFields.FromMillis(millis + offsetMinutes * 60_000L);
        var builder = new StringBuilder();
        foreach (var part in Pictures.Get(picture ?? IsoPicture).Parts)
        {
            if (part is LiteralPart literal) builder.Append(literal.Text);
            else builder.Append(FormatComponent(fields, (MarkerPart)part, offsetMinutes));
        }

        return builder.ToString();
    }

    /// <summary>
    /// Reads a timestamp: ISO 8601 when <paramref name="picture"/> is null, otherwise as the picture
    /// describes, with fields the picture leaves out before its first one taken from the current time.
    /// Null when the text does not match the picture.
    /// </summary>
    /// <exception cref="JsonataFormattingException">D3110 for text that is not ISO 8601; D3130–D3136 for an unusable picture.</exception>
    public static long? Parse(string timestamp, string? picture) => Parse(timestamp, picture, DateTimeOffset.UtcNow);

    /// <summary>
    /// As <see cref="Parse(string, string?)"/>, with the instant that supplies omitted leading fields
    /// (JSONata uses the evaluation's fixed $now()).
    /// </summary>
    public static long? Parse(string timestamp, string? picture, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        return picture is null
            ? IsoTimestamp.Parse(timestamp)
            : TimestampPictureParser.Parse(timestamp, Pictures.Get(picture), now.ToUnixTimeMilliseconds());
    }

    /// <summary>
    /// "+HHMM" / "-HHMM" as minutes east of UTC. The sign covers the minutes too ("-0530" is five and a
    /// half hours behind); text without leading digits means UTC, as the reference's parseInt gives.
    /// </summary>
    internal static int TimezoneOffsetMinutes(string timezone)
    {
        var value = JsNumberText.ParseIntPrefix(timezone);
        if (double.IsNaN(value)) return 0;
        var hhmm = (long)Math.Abs(value);
        var minutes = hhmm / 100 * 60 + hhmm % 100;
        return (int)Math.Clamp(value < 0 ? -minutes : minutes, -100_000, 100_000);
    }

    private static string FormatComponent(CalendarFields fields, MarkerPart marker, int offsetMinutes)
    {
        switch (marker.Component)
        {
            case 'Z' or 'z':
                return FormatTimezone(marker, offsetMinutes);
            case 'P':
                var marker12 = fields.IsAfternoon ? "pm" : "am";
                return marker.Names == LetterCase.Upper ? marker12.ToUpperInvariant() : marker12;
            case 'C' or 'E':
                return "ISO";
        }

        var value = fields.Get(marker.Component);
        if (marker.Component == 'Y' && marker.YearDigits != -1)
        {
            value %= (long)Math.Pow(10, Math.Min(marker.YearDigits, 18));
        }

        if (marker.Names is { } names)
        {
            var name = marker.Component switch
            {
                'M' or 'x' => MonthNames[value - 1],
                'F' => DayNames[value - 1],
                _ => throw new JsonataFormattingException("D3133",
                    $"The component '{marker.Component}' cannot be presented as a name."),
            };
            name = names switch
            {
                LetterCase.Upper => name.ToUpperInvariant(),
                LetterCase.Lower => name.ToLowerInvariant(),
                _ => name,
            };
            return marker.MaxWidth is { } max && name.Length > max ? name[..max] : name;
        }

        return IntegerPictureFormatter.Format(value, marker.IntegerFormat!);
    }

    // §9.8.4.6. Pictures of one or two digits show hours with ":mm" only when there are minutes;
    // three or four digits show hhmm; a separator (e.g. 01:01) shows both as grouped digits.
    private static string FormatTimezone(MarkerPart marker, int offsetMinutes)
    {
        var format = marker.IntegerFormat!;
        var hours = offsetMinutes / 60;
        var minutes = Math.Abs(offsetMinutes % 60);
        var hhmm = hours * 100 + (offsetMinutes < 0 ? -minutes : minutes);
        string text;
        if (format.RegularGroupSize > 0)
        {
            text = IntegerPictureFormatter.Format(hhmm, format);
        }
        else if (format.MandatoryDigits is 1 or 2)
        {
            text = IntegerPictureFormatter.Format(hours, format);
            if (hours == 0 && offsetMinutes < 0) text = "-" + text;
            if (minutes != 0) text += ":" + minutes.ToString("00", CultureInfo.InvariantCulture);
        }
        else if (format.MandatoryDigits is 3 or 4)
        {
            text = IntegerPictureFormatter.Format(hhmm, format);
        }
        else
        {
            throw new JsonataFormattingException("D3134",
                $"The timezone picture '{marker.Presentation1}' has {format.MandatoryDigits} digits; at most four are allowed.");
        }

        if (offsetMinutes >= 0) text = "+" + text;
        if (marker.Component == 'z') text = "GMT" + text;
        if (offsetMinutes == 0 && marker.Presentation2 == "t") text = "Z";
        return text;
    }
}
