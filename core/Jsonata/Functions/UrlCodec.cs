using System.Text;

namespace Serverless.Core.Jsonata.Functions;

/// <summary>JavaScript's encodeURI/encodeURIComponent/decodeURI/decodeURIComponent.</summary>
internal static class UrlCodec
{
    private const string Unreserved = "-_.!~*'()";
    private const string Reserved = ";,/?:@&=+$#";

    public static string Encode(string s, bool component)
    {
        var sb = new StringBuilder(s.Length);
        Span<byte> buf = stackalloc byte[4];
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiLetterOrDigit(c) || Unreserved.Contains(c) || (!component && Reserved.Contains(c)))
            {
                sb.Append(c);
                continue;
            }
            int cp;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]))
                {
                    throw Malformed();
                }
                cp = char.ConvertToUtf32(c, s[i + 1]);
                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                throw Malformed();
            }
            else
            {
                cp = c;
            }
            var n = new Rune(cp).EncodeToUtf8(buf);
            for (var k = 0; k < n; k++)
            {
                sb.Append('%').Append(buf[k].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return sb.ToString();
    }

    public static string Decode(string s, bool component)
    {
        var sb = new StringBuilder(s.Length);
        var bytes = new List<byte>();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '%')
            {
                sb.Append(s[i]);
                continue;
            }
            var start = i;
            bytes.Clear();
            var b = ReadByte(s, i);
            i += 2;
            bytes.Add(b);
            var needed = b < 0x80 ? 0 : (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : (b & 0xF8) == 0xF0 ? 3 : throw Malformed();
            for (var k = 0; k < needed; k++)
            {
                if (i + 1 >= s.Length || s[i + 1] != '%')
                {
                    throw Malformed();
                }
                var nb = ReadByte(s, i + 1);
                if ((nb & 0xC0) != 0x80)
                {
                    throw Malformed();
                }
                bytes.Add(nb);
                i += 3;
            }
            string decoded;
            try
            {
                decoded = new UTF8Encoding(false, true).GetString(bytes.ToArray());
            }
            catch (ArgumentException)
            {
                throw Malformed();
            }
            if (!component && decoded.Length == 1 && Reserved.Contains(decoded[0]))
            {
                sb.Append(s, start, i - start + 1);
            }
            else
            {
                sb.Append(decoded);
            }
        }
        return sb.ToString();
    }

    private static byte ReadByte(string s, int percent)
    {
        if (percent + 2 >= s.Length || !char.IsAsciiHexDigit(s[percent + 1]) || !char.IsAsciiHexDigit(s[percent + 2]))
        {
            throw Malformed();
        }
        return Convert.ToByte(s.Substring(percent + 1, 2), 16);
    }

    private static JsonataException Malformed() => new("D3140", "Malformed URL passed to $decodeUrl/$encodeUrl");
}
