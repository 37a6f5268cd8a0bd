using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Serverless.Core.Jsonata.Extensions;

/// <summary>
/// <c>$dtFromIso(s)</c> and <c>$dtFromFormat(s, fmt)</c> (Luxon format tokens). Both answer an ISO 8601
/// UTC timestamp with milliseconds (<c>2024-01-31T09:05:00.000Z</c>), the form the rest of JSONata
/// (<c>$toMillis</c>) reads, or undefined when the text is not a date of that shape.
/// </summary>
internal static class DateFunctions
{
    private static readonly ConcurrentDictionary<string, string> NetFormats = new(StringComparer.Ordinal);

    // Luxon tokens, longest first so that "MMMM" wins over "MM"; values are .NET custom format specifiers.
    private static readonly (string Luxon, string Net)[] Tokens =
    [
        ("yyyy", "yyyy"), ("yy", "yy"), ("MMMM", "MMMM"), ("MMM", "MMM"), ("MM", "MM"), ("M", "M"),
        ("LLLL", "MMMM"), ("LLL", "MMM"), ("LL", "MM"), ("L", "M"),
        ("dd", "dd"), ("d", "d"), ("EEEE", "dddd"), ("EEE", "ddd"), ("cccc", "dddd"), ("ccc", "ddd"),
        ("HH", "HH"), ("H", "H"), ("hh", "hh"), ("h", "h"), ("mm", "mm"), ("m", "m"), ("ss", "ss"), ("s", "s"),
        ("SSS", "fff"), ("u", "fff"), ("a", "tt"), ("ZZ", "zzz"), ("Z", "z"),
    ];

    public static void Register(JsonataFunctionRegistry registry)
    {
        registry.Register("dtFromIso", "<s-:s>", (_, a) => a[0] is string s ? FromIso(s) : null);
        registry.Register("dtFromFormat", "<s-s:s>", (_, a) => a[0] is string s && a[1] is string f ? FromFormat(s, f) : null);
    }

    private static string? FromIso(string text)
    {
        // ISO 8601 only (a yyyy-MM-dd date, optionally a time); offset-less means UTC, the server's zone.
        var trimmed = text.Trim();
        if (trimmed.Length < 10 || trimmed[4] != '-' || trimmed[7] != '-' || trimmed.AsSpan(0, 4).ContainsAnyExceptInRange('0', '9'))
        {
            return null;
        }
        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? Format(parsed) : null;
    }

    private static string? FromFormat(string text, string format)
    {
        if (format is "X" or "x")
        {
            if (!long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var epoch)) return null;
            try
            {
                return Format(format == "X" ? DateTimeOffset.FromUnixTimeSeconds(epoch) : DateTimeOffset.FromUnixTimeMilliseconds(epoch));
            }
            catch (ArgumentOutOfRangeException)
            {
                return null;
            }
        }
        var netFormat = NetFormats.GetOrAdd(format, ToNetFormat);
        return DateTimeOffset.TryParseExact(text, netFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? Format(parsed)
            : null;
    }

    private static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Translates a Luxon format into a .NET exact-parse format; literals are quoted so they never act as specifiers.</summary>
    private static string ToNetFormat(string luxon)
    {
        var net = new StringBuilder(luxon.Length + 8);
        var i = 0;
        while (i < luxon.Length)
        {
            if (luxon[i] == '\'')
            {
                var end = luxon.IndexOf('\'', i + 1);
                if (end < 0) end = luxon.Length;
                AppendLiteral(net, luxon.AsSpan(i + 1, end - i - 1));
                i = end + 1;
                continue;
            }
            var matched = false;
            foreach (var (token, replacement) in Tokens)
            {
                if (string.CompareOrdinal(luxon, i, token, 0, token.Length) == 0)
                {
                    net.Append(replacement);
                    i += token.Length;
                    matched = true;
                    break;
                }
            }
            if (!matched)
            {
                AppendLiteral(net, luxon.AsSpan(i, 1));
                i++;
            }
        }
        // A one-letter .NET format is a standard format; '%' makes it the custom specifier.
        return net.Length == 1 ? "%" + net : net.ToString();
    }

    private static void AppendLiteral(StringBuilder net, ReadOnlySpan<char> literal)
    {
        foreach (var c in literal)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '\'' or '"' or '\\' or '%' or ':' or '/')
            {
                net.Append('\\').Append(c);
            }
            else
            {
                net.Append(c);
            }
        }
    }
}
