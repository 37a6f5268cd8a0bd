using System.Globalization;
using System.Text;
using Serverless.Core.Jsonata.Values;

namespace Serverless.JsonataConformance;

/// <summary>
/// JSON parser into engine values that, like JavaScript's JSON.parse, accepts lone surrogate escapes
/// (System.Text.Json rejects them, and some suite cases contain them).
/// </summary>
public static class LenientJson
{
    public static object? Parse(string text)
    {
        var i = 0;
        var v = Value(text, ref i);
        return v;
    }

    private static void Ws(string s, ref int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }
    }

    private static object? Value(string s, ref int i)
    {
        Ws(s, ref i);
        var c = s[i];
        switch (c)
        {
            case '{':
                {
                    i++;
                    var o = new JsonataObject();
                    Ws(s, ref i);
                    if (s[i] == '}')
                    {
                        i++;
                        return o;
                    }
                    while (true)
                    {
                        Ws(s, ref i);
                        var key = Str(s, ref i);
                        Ws(s, ref i);
                        i++; // ':'
                        o[key] = Value(s, ref i);
                        Ws(s, ref i);
                        if (s[i++] == '}')
                        {
                            return o;
                        }
                    }
                }
            case '[':
                {
                    i++;
                    var a = new JsonataArray();
                    Ws(s, ref i);
                    if (s[i] == ']')
                    {
                        i++;
                        return a;
                    }
                    while (true)
                    {
                        a.Add(Value(s, ref i));
                        Ws(s, ref i);
                        if (s[i++] == ']')
                        {
                            return a;
                        }
                    }
                }
            case '"':
                return Str(s, ref i);
            case 't':
                i += 4;
                return true;
            case 'f':
                i += 5;
                return false;
            case 'n':
                i += 4;
                return JsonataNull.Value;
            default:
                {
                    var start = i;
                    while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] is '-' or '+' or '.' or 'e' or 'E'))
                    {
                        i++;
                    }
                    return double.Parse(s.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture);
                }
        }
    }

    private static string Str(string s, ref int i)
    {
        i++;
        var sb = new StringBuilder();
        while (s[i] != '"')
        {
            if (s[i] == '\\')
            {
                i++;
                var e = s[i];
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case 'r': sb.Append('\r'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'u':
                        sb.Append((char)int.Parse(s.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        i += 4;
                        break;
                    default: sb.Append(e); break;
                }
                i++;
            }
            else
            {
                sb.Append(s[i++]);
            }
        }
        i++;
        return sb.ToString();
    }
}
