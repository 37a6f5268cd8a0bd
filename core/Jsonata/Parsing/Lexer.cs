using System.Globalization;
using System.Text;
using Serverless.Core.Jsonata.Values;

namespace Serverless.Core.Jsonata.Parsing;

/// <summary>Splits expression text into tokens; '/' is division after an operand and a regex otherwise.</summary>
internal sealed class Lexer
{
    private readonly string _src;
    private int _pos;

    public Lexer(string source) => _src = source;

    private static bool IsSingleOperator(char c) => c switch
    {
        '.' or '[' or ']' or '{' or '}' or '(' or ')' or ',' or '@' or '#' or ';' or ':' or '?' or '+' or '-'
            or '*' or '/' or '%' or '|' or '=' or '<' or '>' or '^' or '&' or '!' or '~' => true,
        _ => false,
    };

    public Token Next(bool infix)
    {
        var s = _src;
        while (true)
        {
            while (_pos < s.Length && (s[_pos] is ' ' or '\t' or '\n' or '\r' or '\v'))
            {
                _pos++;
            }
            if (_pos < s.Length - 1 && s[_pos] == '/' && s[_pos + 1] == '*')
            {
                var start = _pos;
                var end = s.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    _pos = s.Length;
                    throw Err("S0106", "Comment has no closing tag", start);
                }
                _pos = end + 2;
                continue;
            }
            break;
        }
        if (_pos >= s.Length)
        {
            return new Token(TokenType.End, "(end)", null, s.Length);
        }
        var c = s[_pos];
        if (!infix && c == '/')
        {
            _pos++;
            return ScanRegex();
        }
        if (_pos + 1 < s.Length)
        {
            var two = s.AsSpan(_pos, 2);
            if (two is ".." or ":=" or "!=" or ">=" or "<=" or "**" or "~>" or "?:" or "??")
            {
                _pos += 2;
                return new Token(TokenType.Operator, two.ToString(), null, _pos);
            }
        }
        if (IsSingleOperator(c))
        {
            _pos++;
            if (c is '!' or '~')
            {
                throw Err("S0204", $"Unknown operator: \"{c}\"", _pos, c.ToString());
            }
            return new Token(TokenType.Operator, OperatorText(c), null, _pos);
        }
        if (c is '"' or '\'')
        {
            return ScanString(c);
        }
        if (c is >= '0' and <= '9')
        {
            return ScanNumber();
        }
        if (c == '`')
        {
            var end = s.IndexOf('`', _pos + 1);
            if (end < 0)
            {
                _pos = s.Length;
                throw Err("S0105", "Quoted property name must be terminated with a backquote (`)", _pos);
            }
            var name = s.Substring(_pos + 1, end - _pos - 1);
            _pos = end + 1;
            return new Token(TokenType.Name, name, null, _pos);
        }
        var i = _pos;
        while (i < s.Length && !char.IsWhiteSpace(s[i]) && !IsSingleOperator(s[i]) && s[i] is not ('"' or '\'' or '`'))
        {
            i++;
        }
        if (i == _pos)
        {
            i++;
        }
        var word = s.Substring(_pos, i - _pos);
        _pos = i;
        if (word[0] == '$')
        {
            return new Token(TokenType.Variable, word.Substring(1), null, _pos);
        }
        return word switch
        {
            "and" or "or" or "in" => new Token(TokenType.Operator, word, null, _pos),
            "true" => new Token(TokenType.Value, word, BoxedBool.True, _pos),
            "false" => new Token(TokenType.Value, word, BoxedBool.False, _pos),
            "null" => new Token(TokenType.Value, word, JsonataNull.Value, _pos),
            _ => new Token(TokenType.Name, word, null, _pos),
        };
    }

    private static string OperatorText(char c) => c switch
    {
        '.' => ".",
        '[' => "[",
        ']' => "]",
        '{' => "{",
        '}' => "}",
        '(' => "(",
        ')' => ")",
        ',' => ",",
        '@' => "@",
        '#' => "#",
        ';' => ";",
        ':' => ":",
        '?' => "?",
        '+' => "+",
        '-' => "-",
        '*' => "*",
        '/' => "/",
        '%' => "%",
        '|' => "|",
        '=' => "=",
        '<' => "<",
        '>' => ">",
        '^' => "^",
        '&' => "&",
        '!' => "!",
        _ => "~",
    };

    private Token ScanNumber()
    {
        var s = _src;
        var i = _pos;
        if (s[i] == '0')
        {
            i++;
        }
        else
        {
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
        }
        if (i + 1 < s.Length && s[i] == '.' && char.IsAsciiDigit(s[i + 1]))
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
        }
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < s.Length && s[j] is '+' or '-')
            {
                j++;
            }
            if (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                while (j < s.Length && char.IsAsciiDigit(s[j]))
                {
                    j++;
                }
                i = j;
            }
        }
        var text = s.Substring(_pos, i - _pos);
        _pos = i;
        var d = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(d))
        {
            throw Err("S0102", $"Number out of range: {text}", _pos, text);
        }
        return new Token(TokenType.Number, text, d, _pos);
    }

    private Token ScanString(char quote)
    {
        var s = _src;
        _pos++;
        var sb = new StringBuilder();
        while (_pos < s.Length)
        {
            var c = s[_pos];
            if (c == '\\')
            {
                _pos++;
                if (_pos >= s.Length)
                {
                    break;
                }
                c = s[_pos];
                switch (c)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (IsHex4(s, _pos + 1))
                        {
                            sb.Append((char)int.Parse(s.AsSpan(_pos + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                            _pos += 4;
                        }
                        else
                        {
                            throw Err("S0104", "The escape sequence \\u must be followed by 4 hex digits", _pos);
                        }
                        break;
                    default:
                        throw Err("S0103", $"Unsupported escape sequence: \\{c}", _pos, c.ToString());
                }
            }
            else if (c == quote)
            {
                _pos++;
                var text = sb.ToString();
                return new Token(TokenType.String, text, text, _pos);
            }
            else
            {
                sb.Append(c);
            }
            _pos++;
        }
        throw Err("S0101", "String literal must be terminated by a matching quote", _pos);
    }

    private static bool IsHex4(string s, int start)
    {
        if (start + 4 > s.Length)
        {
            return false;
        }
        for (var i = start; i < start + 4; i++)
        {
            if (!char.IsAsciiHexDigit(s[i]))
            {
                return false;
            }
        }
        return true;
    }

    private Token ScanRegex()
    {
        var s = _src;
        var start = _pos;
        var depth = 0;
        while (_pos < s.Length)
        {
            var c = s[_pos];
            if (c == '/' && depth == 0 && !IsEscaped(s, _pos))
            {
                var pattern = s.Substring(start, _pos - start);
                if (pattern.Length == 0)
                {
                    throw Err("S0301", "Empty regular expressions are not allowed", _pos);
                }
                _pos++;
                var flagStart = _pos;
                while (_pos < s.Length && s[_pos] is >= 'a' and <= 'z')
                {
                    _pos++;
                }
                var flags = s.Substring(flagStart, _pos - flagStart);
                return new Token(TokenType.Regex, "/" + pattern + "/" + flags, new RegexLiteral(pattern, flags), _pos);
            }
            if (c is '(' or '[' or '{' && !IsEscaped(s, _pos))
            {
                depth++;
            }
            else if (c is ')' or ']' or '}' && !IsEscaped(s, _pos))
            {
                depth--;
            }
            _pos++;
        }
        throw Err("S0302", "No terminating / in regular expression", _pos);
    }

    private static bool IsEscaped(string s, int index)
    {
        var n = 0;
        for (var i = index - 1; i >= 0 && s[i] == '\\'; i--)
        {
            n++;
        }
        return n % 2 == 1;
    }

    private static JsonataException Err(string code, string message, int position, string? token = null) =>
        new(code, message, position, token);
}

internal sealed record RegexLiteral(string Pattern, string Flags);
