using System.Text;
using System.Text.RegularExpressions;

namespace Serverless.Core.Jsonata.Evaluation;

/// <summary>
/// Translates a JavaScript regular expression to an equivalent .NET one. The dialects differ where it
/// matters for JSONata: \d and \w are ASCII-only in JS, '$' without the m flag matches only at the
/// very end, and '[^]' means any character.
/// </summary>
internal static class RegexTranslator
{
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    public static Regex Compile(string pattern, string flags, int position)
    {
        var options = RegexOptions.CultureInvariant;
        foreach (var f in flags)
        {
            switch (f)
            {
                case 'i': options |= RegexOptions.IgnoreCase; break;
                case 'm': options |= RegexOptions.Multiline; break;
                case 's': options |= RegexOptions.Singleline; break;
                case 'g' or 'u' or 'y': break;
                default:
                    throw new JsonataException("S0303", $"Invalid regular expression flag: {f}", position);
            }
        }
        var multiline = (options & RegexOptions.Multiline) != 0;
        try
        {
            return new Regex(Translate(pattern, multiline), options, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            throw new JsonataException("S0303", $"Invalid regular expression: {e.Message}", position);
        }
    }

    private static string Translate(string p, bool multiline)
    {
        var sb = new StringBuilder(p.Length + 8);
        var inClass = false;
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            if (c == '\\' && i + 1 < p.Length)
            {
                var n = p[++i];
                switch (n)
                {
                    case 'd': sb.Append(inClass ? "0-9" : "[0-9]"); break;
                    case 'D': sb.Append(inClass ? @"\D" : "[^0-9]"); break;
                    case 'w': sb.Append(inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]"); break;
                    case 'W': sb.Append(inClass ? @"\W" : "[^a-zA-Z0-9_]"); break;
                    case '/': sb.Append('/'); break;
                    default: sb.Append('\\').Append(n); break;
                }
                continue;
            }
            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                }
                else if (c == '[')
                {
                    sb.Append('\\');
                }
                sb.Append(c);
                continue;
            }
            switch (c)
            {
                case '[':
                    if (i + 2 < p.Length && p[i + 1] == '^' && p[i + 2] == ']')
                    {
                        sb.Append(@"[\s\S]");
                        i += 2;
                    }
                    else if (i + 1 < p.Length && p[i + 1] == ']')
                    {
                        sb.Append("(?!)");
                        i += 1;
                    }
                    else
                    {
                        inClass = true;
                        sb.Append('[');
                        if (i + 1 < p.Length && p[i + 1] == '^')
                        {
                            sb.Append('^');
                            i++;
                        }
                        if (i + 1 < p.Length && p[i + 1] == ']')
                        {
                            sb.Append(@"\]");
                            i++;
                        }
                    }
                    break;
                case '$':
                    sb.Append(multiline ? "(?=\\n|\\z)" : "\\z");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }
}
