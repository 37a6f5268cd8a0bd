using System.Globalization;
using System.Text;
using Serverless.Core.Jsonata.Evaluation;
using Serverless.Core.Jsonata.Parsing;
using Serverless.Core.Jsonata.Values;

namespace Serverless.Core.Jsonata.Functions;

/// <summary>The JSONata built-in function library (semantics of jsonata-js 2.x).</summary>
internal static partial class BuiltinFunctions
{
    public static void RegisterAll(JsonataFunctionRegistry r)
    {
        // aggregation
        r.Add("sum", "<a<n>:n>", 1, (_, a) => a[0] is JsonataArray arr ? Sum(arr) : null);
        r.Add("count", "<a:n>", 1, (_, a) => a[0] is JsonataArray arr ? (double)arr.Count : 0d);
        r.Add("max", "<a<n>:n>", 1, (_, a) => Extreme(a[0], true));
        r.Add("min", "<a<n>:n>", 1, (_, a) => Extreme(a[0], false));
        r.Add("average", "<a<n>:n>", 1, (_, a) => a[0] is JsonataArray { Count: > 0 } arr ? Sum(arr) / arr.Count : null);
        // strings
        r.Add("string", "<x-b?:s>", 1, (_, a) => FnString(a[0], a.Length > 1 && a[1] is true));
        r.Add("substring", "<s-nn?:s>", 3, (_, a) => Substring(a[0] as string, a[1], a.Length > 2 ? a[2] : null));
        r.Add("substringBefore", "<s-s:s>", 2, (_, a) => a[0] is string s ? (a[1] is string c && s.IndexOf(c, StringComparison.Ordinal) is var i and >= 0 ? s[..i] : s) : null);
        r.Add("substringAfter", "<s-s:s>", 2, (_, a) => a[0] is string s ? (a[1] is string c && s.IndexOf(c, StringComparison.Ordinal) is var i and >= 0 ? s[(i + c.Length)..] : s) : null);
        r.Add("lowercase", "<s-:s>", 1, (_, a) => (a[0] as string)?.ToLowerInvariant(), LowercaseText);
        r.Add("uppercase", "<s-:s>", 1, (_, a) => (a[0] as string)?.ToUpperInvariant(), UppercaseText);
        r.Add("length", "<s-:n>", 1, (_, a) => a[0] is string s ? (double)CodePointCount(s) : null);
        r.Add("trim", "<s-:s>", 1, (_, a) => a[0] is string s ? Trim(s) : null);
        r.Add("pad", "<s-ns?:s>", 3, (_, a) => Pad(a[0] as string, a[1], a.Length > 2 ? a[2] as string : null));
        r.Add("match", "<s-f<s:o>n?:a<o>>", 3, (ctx, a) => Match(ctx, a[0] as string, a[1], a.Length > 2 ? a[2] : null));
        r.Add("contains", "<s-(sf):b>", 2, (ctx, a) => Contains(ctx, a[0] as string, a[1]));
        r.Add("replace", "<s-(sf)(sf)n?:s>", 4, (ctx, a) => Replace(ctx, a[0] as string, a[1], a[2], a.Length > 3 ? a[3] : null));
        r.Add("split", "<s-(sf)n?:a<s>>", 3, (ctx, a) => Split(ctx, a[0] as string, a[1], a.Length > 2 ? a[2] : null));
        r.Add("join", "<a<s>s?:s>", 2, (_, a) => a[0] is JsonataArray arr ? string.Join(a.Length > 1 && a[1] is string sep ? sep : "", arr.Cast<string>()) : null);
        r.Add("formatBase", "<n-n?:s>", 2, (_, a) => FormatBase(a[0], a.Length > 1 ? a[1] : null));
        // numbers
        r.Add("number", "<(nsb)-:n>", 1, (_, a) => Number(a[0]));
        r.Add("floor", "<n-:n>", 1, (_, a) => a[0] is double d ? Math.Floor(d) : null);
        r.Add("ceil", "<n-:n>", 1, (_, a) => a[0] is double d ? Math.Ceiling(d) : null);
        r.Add("round", "<n-n?:n>", 2, (_, a) => a[0] is double d ? Round(d, a.Length > 1 && a[1] is double p ? (int)p : 0) : null);
        r.Add("abs", "<n-:n>", 1, (_, a) => a[0] is double d ? Math.Abs(d) : null);
        r.Add("sqrt", "<n-:n>", 1, (_, a) => a[0] is double d ? (d < 0 ? throw new JsonataException("D3060", $"The sqrt function cannot be applied to a negative number: {NumberText.ToJs(d)}") { Value = d } : Math.Sqrt(d)) : null);
        r.Add("power", "<n-n:n>", 2, (_, a) => Power(a[0], a[1]));
        r.Add("random", "<:n>", 0, (_, _) => Random.Shared.NextDouble());
        // booleans
        r.Add("boolean", "<x-:b>", 1, (_, a) => ValueSemantics.ToBoolean(a[0]) is bool b ? BoxedBool.Of(b) : null);
        r.Add("not", "<x-:b>", 1, (_, a) => ValueSemantics.ToBoolean(a[0]) is bool b ? BoxedBool.Of(!b) : null);
        r.Add("exists", "<x:b>", 1, (_, a) => BoxedBool.Of(a.Length > 0 && a[0] is not null));
        // higher order
        r.Add("map", "<af>", 2, (ctx, a) => Map(ctx, a[0], (JsonataFunction)a[1]!));
        r.Add("filter", "<af>", 2, (ctx, a) => Filter(ctx, a[0], (JsonataFunction)a[1]!));
        r.Add("single", "<af?>", 2, (ctx, a) => Single(ctx, a[0], a.Length > 1 ? a[1] as JsonataFunction : null));
        r.Add("reduce", "<afj?:j>", 3, (ctx, a) => Reduce(ctx, a[0], (JsonataFunction)a[1]!, a.Length > 2 ? a[2] : null));
        r.Add("sift", "<o-f?:o>", 2, (ctx, a) => Sift(ctx, a[0], (JsonataFunction)a[1]!));
        r.Add("each", "<o-f:a>", 2, (ctx, a) => Each(ctx, a[0], (JsonataFunction)a[1]!));
        r.Add("zip", "<a+>", 0, (_, a) => Zip(a));
        r.Add("sort", "<af?:a>", 2, (ctx, a) => Sort(ctx, a[0], a.Length > 1 ? a[1] as JsonataFunction : null));
        // arrays / objects
        r.Add("keys", "<x-:a<s>>", 1, (_, a) => Keys(a[0]));
        r.Add("lookup", "<x-s:x>", 2, (_, a) => Evaluator.Lookup(a[0], (string)a[1]!));
        r.Add("append", "<xx:a>", 2, (_, a) => Evaluator.Append(a[0], a[1]));
        r.Add("spread", "<x-:a<o>>", 1, (_, a) => Spread(a[0]));
        r.Add("merge", "<a<o>:o>", 1, (_, a) => Merge(a[0]));
        r.Add("reverse", "<a:a>", 1, (_, a) => Reverse(a[0]));
        r.Add("shuffle", "<a:a>", 1, (_, a) => Shuffle(a[0]));
        r.Add("distinct", "<x:x>", 1, (_, a) => Distinct(a[0]));
        r.Add("type", "<x:s>", 1, (_, a) => ValueSemantics.TypeName(a[0]));
        r.Add("clone", "<(oa)-:o>", 1, (_, a) => a[0] is null ? null : JsonValueReader.Parse(JsonValueWriter.Stringify(a[0], false, false)));
        r.Add("error", "<s?:x>", 1, (_, a) => throw new JsonataException("D3137", a.Length > 0 && a[0] is string m ? m : "$error() function evaluated"));
        r.Add("assert", "<bs?:x>", 2, (_, a) => a[0] is true ? null : throw new JsonataException("D3141", a.Length > 1 && a[1] is string m ? m : "$assert() statement failed"));
        r.Add("eval", "<sx?:x>", 2, (ctx, a) => Eval(ctx, a[0] as string, a.Length > 1 ? a[1] : null));
        // encoding
        r.Add("base64encode", "<s-:s>", 1, (_, a) => a[0] is string s ? Convert.ToBase64String(Encoding.Latin1.GetBytes(s)) : null);
        r.Add("base64decode", "<s-:s>", 1, (_, a) => a[0] is string s ? Base64DecodeLenient(s) : null);
        r.Add("encodeUrlComponent", "<s-:s>", 1, (_, a) => a[0] is string s ? UrlCodec.Encode(s, component: true) : null);
        r.Add("encodeUrl", "<s-:s>", 1, (_, a) => a[0] is string s ? UrlCodec.Encode(s, component: false) : null);
        r.Add("decodeUrlComponent", "<s-:s>", 1, (_, a) => a[0] is string s ? UrlCodec.Decode(s, component: true) : null);
        r.Add("decodeUrl", "<s-:s>", 1, (_, a) => a[0] is string s ? UrlCodec.Decode(s, component: false) : null);
        // time
        r.Add("now", "<s?s?:s>", 2, (ctx, a) => Now(ctx, a.Length > 0 ? a[0] as string : null, a.Length > 1 ? a[1] as string : null));
        r.Add("millis", "<:n>", 0, (ctx, _) => (double)ctx.Evaluator.Now.ToUnixTimeMilliseconds());
        RegisterFormatting(r);
    }

    static partial void RegisterFormatting(JsonataFunctionRegistry r);

    // ---------------------------------------------------------------- helpers

    /// <summary>Like node's Buffer.from(s, 'base64'): characters outside the alphabet are ignored, padding is optional.</summary>
    private static string Base64DecodeLenient(string s)
    {
        var sb = new StringBuilder(s.Length + 3);
        foreach (var c in s)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '+' or '/')
            {
                sb.Append(c);
            }
            else if (c is '-')
            {
                sb.Append('+');
            }
            else if (c is '_')
            {
                sb.Append('/');
            }
        }
        if (sb.Length % 4 == 1)
        {
            sb.Length--;
        }
        while (sb.Length % 4 != 0)
        {
            sb.Append('=');
        }
        return Encoding.Latin1.GetString(Convert.FromBase64String(sb.ToString()));
    }

    private static object? CallHof(JsonataCallContext ctx, JsonataFunction f, object? a1, object? a2, object? a3)
    {
        var arity = f.Arity;
        object?[] args = arity >= 3 ? [a1, a2, a3] : arity == 2 ? [a1, a2] : [a1];
        return ctx.Evaluator.Apply(f, args, null, ctx.Environment);
    }

    private static double Sum(JsonataArray arr)
    {
        var total = 0d;
        foreach (var item in arr)
        {
            total += (double)item!;
        }
        return total;
    }

    private static object? Extreme(object? arg, bool max)
    {
        if (arg is not JsonataArray { Count: > 0 } arr)
        {
            return null;
        }
        var best = (double)arr[0]!;
        foreach (var item in arr)
        {
            var v = (double)item!;
            best = max ? Math.Max(best, v) : Math.Min(best, v);
        }
        return best;
    }

    /// <summary>The string form used by '&amp;' and $string: undefined becomes "".</summary>
    private static string LowercaseText(ReadOnlySpan<char> text) =>
        string.Create(text.Length, text, static (destination, source) => source.ToLowerInvariant(destination));

    private static string UppercaseText(ReadOnlySpan<char> text) =>
        string.Create(text.Length, text, static (destination, source) => source.ToUpperInvariant(destination));

    internal static string StringOf(object? value) => value is null ? "" : FnString(value, false) ?? "";

    internal static string? FnString(object? arg, bool prettify)
    {
        switch (arg)
        {
            case null:
                return null;
            case string s:
                return s;
            case JsonataFunction:
                return "";
            case double d when !double.IsFinite(d):
                throw new JsonataException("D3001", "Attempting to invoke string function on Infinity or NaN") { Value = d };
            case double d:
                return NumberText.ToJs(d == Math.Floor(d) ? d : NumberText.Round15(d));
            case JsonataArray { IsOuterWrapper: true } w:
                return JsonValueWriter.Stringify(w.Count > 0 ? w[0] : null, prettify, true);
            default:
                return JsonValueWriter.Stringify(arg, prettify, true);
        }
    }

    private static bool HasSurrogates(string s)
    {
        foreach (var c in s)
        {
            if (char.IsSurrogate(c))
            {
                return true;
            }
        }
        return false;
    }

    internal static int CodePointCount(string s)
    {
        if (!HasSurrogates(s))
        {
            return s.Length;
        }
        var n = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            n++;
        }
        return n;
    }

    private static List<string> CodePoints(string s)
    {
        var list = new List<string>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                list.Add(s.Substring(i, 2));
                i++;
            }
            else
            {
                list.Add(s[i].ToString());
            }
        }
        return list;
    }

    private static int JsInt(double d) => double.IsNaN(d) ? 0 : d >= int.MaxValue ? int.MaxValue : d <= int.MinValue ? int.MinValue : (int)Math.Truncate(d);

    private static string? Substring(string? str, object? startArg, object? lengthArg)
    {
        if (str is null)
        {
            return null;
        }
        var chars = CodePoints(str);
        var len = chars.Count;
        var start = (double)startArg!;
        if (len + start < 0)
        {
            start = 0;
        }
        int Resolve(double v)
        {
            var i = JsInt(v);
            if (i < 0)
            {
                i = Math.Max(0, len + i);
            }
            return Math.Min(i, len);
        }
        int from;
        int to;
        if (lengthArg is double length)
        {
            if (length <= 0)
            {
                return "";
            }
            var end = start >= 0 ? start + length : len + start + length;
            from = Resolve(start);
            to = Resolve(end);
        }
        else
        {
            from = Resolve(start);
            to = len;
        }
        if (to <= from)
        {
            return "";
        }
        return string.Concat(chars.GetRange(from, to - from));
    }

    private static string Trim(string s)
    {
        var sb = new StringBuilder(s.Length);
        var inWs = false;
        foreach (var c in s)
        {
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                if (!inWs)
                {
                    sb.Append(' ');
                }
                inWs = true;
            }
            else
            {
                sb.Append(c);
                inWs = false;
            }
        }
        var r = sb.ToString();
        if (r.StartsWith(' '))
        {
            r = r[1..];
        }
        if (r.EndsWith(' '))
        {
            r = r[..^1];
        }
        return r;
    }

    private static string? Pad(string? str, object? widthArg, string? ch)
    {
        if (str is null)
        {
            return null;
        }
        if (string.IsNullOrEmpty(ch))
        {
            ch = " ";
        }
        var width = (double)widthArg!;
        var padLength = (int)(Math.Abs(width) - CodePointCount(str));
        if (padLength <= 0)
        {
            return str;
        }
        var sb = new StringBuilder();
        for (var i = 0; i < padLength; i++)
        {
            sb.Append(ch);
        }
        var padding = sb.ToString();
        if (ch.Length > 1)
        {
            padding = Substring(padding, 0d, (double)padLength)!;
        }
        return width > 0 ? str + padding : padding + str;
    }

    private static double Round(double arg, int precision)
    {
        double value = arg;
        if (precision != 0)
        {
            value = ShiftDecimal(arg, precision);
        }
        var result = Math.Floor(value + 0.5);
        var diff = result - value;
        if (Math.Abs(diff) == 0.5 && Math.Abs(result % 2) == 1)
        {
            result -= 1;
        }
        if (precision != 0)
        {
            result = ShiftDecimal(result, -precision);
        }
        return result == 0 ? 0 : result;
    }

    private static double ShiftDecimal(double value, int shift)
    {
        var text = NumberText.ToJs(value);
        var e = text.IndexOf('e');
        string mantissa = e >= 0 ? text[..e] : text;
        var exp = e >= 0 ? int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        return double.Parse(mantissa + "e" + (exp + shift).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static object? Power(object? b, object? e)
    {
        if (b is not double x)
        {
            return null;
        }
        var r = Math.Pow(x, (double)e!);
        if (!double.IsFinite(r))
        {
            throw new JsonataException("D3061", $"The power function has resulted in a value that cannot be represented as a JSON number: base={NumberText.ToJs(x)}, exponent={NumberText.ToJs((double)e!)}") { Value = x };
        }
        return r;
    }

    private static object? Number(object? arg)
    {
        switch (arg)
        {
            case null:
                return null;
            case double d:
                return d;
            case bool b:
                return b ? 1d : 0d;
            case string s:
                {
                    if (IsJsonNumber(s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
                    {
                        return d;
                    }
                    if (s.Length > 2 && s[0] == '0')
                    {
                        var radix = s[1] switch { 'x' or 'X' => 16, 'o' or 'O' => 8, 'b' or 'B' => 2, _ => 0 };
                        if (radix != 0)
                        {
                            double v = 0;
                            var ok = true;
                            foreach (var c in s.AsSpan(2))
                            {
                                var digit = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
                                if (digit >= radix)
                                {
                                    ok = false;
                                    break;
                                }
                                v = v * radix + digit;
                            }
                            if (ok)
                            {
                                return v;
                            }
                        }
                    }
                    break;
                }
        }
        throw new JsonataException("D3030", $"Unable to cast value to a number: {Evaluator.Describe(arg)}") { Value = arg };
    }

    private static bool IsJsonNumber(string s)
    {
        var i = 0;
        if (i < s.Length && s[i] == '-')
        {
            i++;
        }
        var digits = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }
        if (i == digits)
        {
            return false;
        }
        if (i < s.Length && s[i] == '.')
        {
            i++;
            var f = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
            if (i == f)
            {
                return false;
            }
        }
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-')
            {
                i++;
            }
            var e = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
            if (i == e)
            {
                return false;
            }
        }
        return i == s.Length;
    }

    private static object? FormatBase(object? value, object? radixArg)
    {
        if (value is not double d)
        {
            return null;
        }
        d = Round(d, 0);
        var radix = radixArg is double r ? (int)r : 10;
        if (radix < 2 || radix > 36)
        {
            throw new JsonataException("D3100", $"The radix of the formatBase function must be between 2 and 36.  It was given {radix}") { Value = radix };
        }
        var negative = d < 0;
        var n = (ulong)Math.Abs(d);
        if (n == 0)
        {
            return "0";
        }
        var sb = new StringBuilder();
        while (n > 0)
        {
            var digit = (int)(n % (ulong)radix);
            sb.Insert(0, (char)(digit < 10 ? '0' + digit : 'a' + digit - 10));
            n /= (ulong)radix;
        }
        if (negative)
        {
            sb.Insert(0, '-');
        }
        return sb.ToString();
    }

    // ---------------------------------------------------------------- regex

    /// <summary>Runs a regex from <paramref name="start"/>: a match object {match,start,end,groups} or undefined.</summary>
    internal static JsonataObject? RegexMatch(RegexFunction regex, string? str, int start)
    {
        if (str is null || start > str.Length)
        {
            return null;
        }
        var m = regex.Regex.Match(str, start);
        if (!m.Success)
        {
            return null;
        }
        var groups = new JsonataArray();
        for (var g = 1; g < m.Groups.Count; g++)
        {
            groups.Add(m.Groups[g].Success ? m.Groups[g].Value : "");
        }
        return new JsonataObject
        {
            ["match"] = m.Value,
            ["start"] = (double)m.Index,
            ["end"] = (double)(m.Index + m.Length),
            ["groups"] = groups,
        };
    }

    /// <summary>All matches of a matcher function in order, as the reference's match()/next() chain.</summary>
    private static IEnumerable<JsonataObject> Matches(JsonataCallContext ctx, JsonataFunction matcher, string str)
    {
        if (matcher is RegexFunction regex)
        {
            var m = RegexMatch(regex, str, 0);
            while (m is not null)
            {
                yield return m;
                var end = (int)(double)m["end"]!;
                if (end >= str.Length)
                {
                    yield break;
                }
                var next = RegexMatch(regex, str, end);
                if (next is not null && ((string)next["match"]!).Length == 0)
                {
                    throw new JsonataException("D1004", "Regular expression matches zero length string", regex.Position) { Value = regex.Source };
                }
                m = next;
            }
            yield break;
        }
        var result = ctx.Invoke(matcher, str);
        while (result is not null)
        {
            if (result is not JsonataObject o || o.GetValueOrDefault("match") is not string || o.GetValueOrDefault("start") is not double
                || o.GetValueOrDefault("end") is not double || o.GetValueOrDefault("groups") is not JsonataArray)
            {
                throw new JsonataException("T1010", "The matcher function argument passed to function does not return the correct object structure") { Value = result };
            }
            yield return o;
            result = o.GetValueOrDefault("next") is JsonataFunction next ? ctx.Invoke(next) : null;
        }
    }

    private static object? Match(JsonataCallContext ctx, string? str, object? matcher, object? limitArg)
    {
        if (str is null)
        {
            return null;
        }
        var limit = limitArg as double?;
        if (limit < 0)
        {
            throw new JsonataException("D3040", "Third argument of match function must evaluate to a positive number") { Value = limit };
        }
        var result = JsonataArray.Sequence();
        if (limit is null || limit > 0)
        {
            var count = 0;
            foreach (var m in Matches(ctx, (JsonataFunction)matcher!, str))
            {
                if (limit is not null && count >= limit)
                {
                    break;
                }
                result.Add(new JsonataObject { ["match"] = m["match"], ["index"] = m["start"], ["groups"] = m["groups"] });
                count++;
            }
        }
        return result;
    }

    private static object? Contains(JsonataCallContext ctx, string? str, object? token)
    {
        if (str is null)
        {
            return null;
        }
        if (token is null)
        {
            return null;
        }
        if (token is string t)
        {
            return BoxedBool.Of(str.Contains(t, StringComparison.Ordinal));
        }
        foreach (var _ in Matches(ctx, (JsonataFunction)token!, str))
        {
            return BoxedBool.True;
        }
        return BoxedBool.False;
    }

    private static object? Replace(JsonataCallContext ctx, string? str, object? pattern, object? replacement, object? limitArg)
    {
        if (str is null)
        {
            return null;
        }
        if (pattern is null || replacement is null)
        {
            return null;
        }
        if (pattern is "")
        {
            throw new JsonataException("D3010", "Second argument of replace function cannot be an empty string") { Value = pattern };
        }
        var limit = limitArg as double?;
        if (limit < 0)
        {
            throw new JsonataException("D3011", "Fourth argument of replace function must evaluate to a positive number") { Value = limit };
        }
        if (limit == 0)
        {
            return str;
        }
        var sb = new StringBuilder();
        var position = 0;
        var count = 0;
        if (pattern is string p)
        {
            var index = str.IndexOf(p, StringComparison.Ordinal);
            while (index != -1 && (limit is null || count < limit))
            {
                sb.Append(str, position, index - position);
                sb.Append(replacement is string rs ? rs : "");
                position = index + p.Length;
                count++;
                index = str.IndexOf(p, position, StringComparison.Ordinal);
            }
            sb.Append(str, position, str.Length - position);
            return sb.ToString();
        }
        var any = false;
        foreach (var m in Matches(ctx, (JsonataFunction)pattern!, str))
        {
            if (limit is not null && count >= limit)
            {
                break;
            }
            any = true;
            var start = (int)(double)m["start"]!;
            sb.Append(str, position, start - position);
            object? replaced = replacement is string template ? Substitute(template, m) : ctx.Invoke((JsonataFunction)replacement!, m);
            if (replaced is string rstr)
            {
                sb.Append(rstr);
            }
            else
            {
                throw new JsonataException("D3012", $"Attempted to replace a matched string with a non-string value") { Value = replaced };
            }
            position = start + ((string)m["match"]!).Length;
            count++;
        }
        if (!any)
        {
            return str;
        }
        sb.Append(str, position, str.Length - position);
        return sb.ToString();
    }

    private static string Substitute(string replacement, JsonataObject m)
    {
        var groups = (JsonataArray)m["groups"]!;
        var sb = new StringBuilder();
        var position = 0;
        var index = replacement.IndexOf('$', position);
        while (index != -1 && position < replacement.Length)
        {
            sb.Append(replacement, position, index - position);
            position = index + 1;
            var dollarVal = position < replacement.Length ? replacement[position] : '\0';
            if (dollarVal == '$')
            {
                sb.Append('$');
                position++;
            }
            else if (dollarVal == '0')
            {
                sb.Append((string)m["match"]!);
                position++;
            }
            else
            {
                var maxDigits = groups.Count == 0 ? 1 : (int)Math.Floor(Math.Log10(groups.Count)) + 1;
                var idx = ParseLeadingInt(replacement, position, maxDigits);
                if (maxDigits > 1 && idx > groups.Count)
                {
                    idx = ParseLeadingInt(replacement, position, maxDigits - 1);
                }
                if (idx is int gi)
                {
                    if (groups.Count > 0 && gi >= 1 && gi - 1 < groups.Count && groups[gi - 1] is string sub)
                    {
                        sb.Append(sub);
                    }
                    position += gi.ToString(CultureInfo.InvariantCulture).Length;
                }
                else
                {
                    sb.Append('$');
                }
            }
            index = replacement.IndexOf('$', position);
        }
        sb.Append(replacement, position, replacement.Length - position);
        return sb.ToString();
    }

    private static int? ParseLeadingInt(string s, int start, int maxDigits)
    {
        var end = Math.Min(s.Length, start + maxDigits);
        var i = start;
        while (i < end && char.IsAsciiDigit(s[i]))
        {
            i++;
        }
        return i == start ? null : int.Parse(s.AsSpan(start, i - start), CultureInfo.InvariantCulture);
    }

    private static object? Split(JsonataCallContext ctx, string? str, object? separator, object? limitArg)
    {
        if (str is null)
        {
            return null;
        }
        if (separator is null)
        {
            return null;
        }
        var limit = limitArg as double?;
        if (limit < 0)
        {
            throw new JsonataException("D3020", "Third argument of split function must evaluate to a positive number") { Value = limit };
        }
        var result = new JsonataArray();
        if (limit == 0)
        {
            return result;
        }
        if (separator is string sep)
        {
            if (sep.Length == 0)
            {
                foreach (var c in str)
                {
                    result.Add(c.ToString());
                }
            }
            else
            {
                foreach (var part in str.Split(sep))
                {
                    result.Add(part);
                }
            }
            if (limit is not null && result.Count > limit)
            {
                result.RemoveRange((int)limit.Value, result.Count - (int)limit.Value);
            }
            return result;
        }
        var count = 0;
        var start = 0;
        var any = false;
        foreach (var m in Matches(ctx, (JsonataFunction)separator!, str))
        {
            if (limit is not null && count >= limit)
            {
                break;
            }
            any = true;
            var ms = (int)(double)m["start"]!;
            result.Add(str[start..ms]);
            start = (int)(double)m["end"]!;
            count++;
        }
        if (!any)
        {
            result.Add(str);
        }
        else if (limit is null || count < limit)
        {
            result.Add(str[start..]);
        }
        return result;
    }

    // ---------------------------------------------------------------- higher-order

    private static object? Map(JsonataCallContext ctx, object? arr, JsonataFunction f)
    {
        if (arr is not JsonataArray a)
        {
            return null;
        }
        var result = JsonataArray.Sequence();
        for (var i = 0; i < a.Count; i++)
        {
            var res = CallHof(ctx, f, a[i], (double)i, a);
            if (res is not null)
            {
                result.Add(res);
            }
        }
        return result;
    }

    private static object? Filter(JsonataCallContext ctx, object? arr, JsonataFunction f)
    {
        if (arr is not JsonataArray a)
        {
            return null;
        }
        var result = JsonataArray.Sequence();
        for (var i = 0; i < a.Count; i++)
        {
            if (ValueSemantics.IsTruthy(CallHof(ctx, f, a[i], (double)i, a)))
            {
                result.Add(a[i]);
            }
        }
        return result;
    }

    private static object? Single(JsonataCallContext ctx, object? arr, JsonataFunction? f)
    {
        if (arr is not JsonataArray a)
        {
            return null;
        }
        object? result = null;
        var found = false;
        for (var i = 0; i < a.Count; i++)
        {
            var positive = f is null || ValueSemantics.IsTruthy(CallHof(ctx, f, a[i], (double)i, a));
            if (positive)
            {
                if (found)
                {
                    throw new JsonataException("D3138", "The $single() function expected exactly 1 matching result.  Instead it matched more.") { Value = (double)i };
                }
                result = a[i];
                found = true;
            }
        }
        if (!found)
        {
            throw new JsonataException("D3139", "The $single() function expected exactly 1 matching result.  Instead it matched 0.");
        }
        return result;
    }

    private static object? Reduce(JsonataCallContext ctx, object? arr, JsonataFunction f, object? init)
    {
        if (arr is not JsonataArray a)
        {
            return null;
        }
        var arity = f.Arity;
        if (arity < 2)
        {
            throw new JsonataException("D3050", "The second argument of reduce function must be a function with at least two arguments") { Value = f };
        }
        object? result;
        int index;
        if (init is null && a.Count > 0)
        {
            result = a[0];
            index = 1;
        }
        else
        {
            result = init;
            index = 0;
        }
        while (index < a.Count)
        {
            object?[] args = arity >= 4 ? [result, a[index], (double)index, a] : arity == 3 ? [result, a[index], (double)index] : [result, a[index]];
            result = ctx.Evaluator.Apply(f, args, null, ctx.Environment);
            index++;
        }
        return result;
    }

    private static object? Sift(JsonataCallContext ctx, object? arg, JsonataFunction f)
    {
        if (arg is not JsonataObject o)
        {
            return null;
        }
        var result = new JsonataObject();
        foreach (var kv in o)
        {
            if (ValueSemantics.IsTruthy(CallHof(ctx, f, kv.Value, kv.Key, o)))
            {
                result[kv.Key] = kv.Value;
            }
        }
        return result.Count == 0 ? null : result;
    }

    private static object? Each(JsonataCallContext ctx, object? arg, JsonataFunction f)
    {
        var result = JsonataArray.Sequence();
        if (arg is JsonataObject o)
        {
            foreach (var kv in o)
            {
                var v = CallHof(ctx, f, kv.Value, kv.Key, o);
                if (v is not null)
                {
                    result.Add(v);
                }
            }
        }
        return result;
    }

    private static object? Zip(object?[] args)
    {
        var result = new JsonataArray();
        if (args.Length == 0)
        {
            return result;
        }
        var length = int.MaxValue;
        foreach (var a in args)
        {
            length = Math.Min(length, a is JsonataArray arr ? arr.Count : 0);
        }
        for (var i = 0; i < length; i++)
        {
            var tuple = new JsonataArray(args.Length);
            foreach (var a in args)
            {
                tuple.Add(((JsonataArray)a!)[i]);
            }
            result.Add(tuple);
        }
        return result;
    }

    internal static List<T> MergeSort<T>(IReadOnlyList<T> items, Func<T, T, bool> greater)
    {
        if (items.Count <= 1)
        {
            return [.. items];
        }
        var middle = items.Count / 2;
        var left = MergeSort(items.Take(middle).ToList(), greater);
        var right = MergeSort(items.Skip(middle).ToList(), greater);
        var result = new List<T>(items.Count);
        int l = 0, r = 0;
        while (l < left.Count && r < right.Count)
        {
            if (greater(left[l], right[r]))
            {
                result.Add(right[r++]);
            }
            else
            {
                result.Add(left[l++]);
            }
        }
        while (l < left.Count)
        {
            result.Add(left[l++]);
        }
        while (r < right.Count)
        {
            result.Add(right[r++]);
        }
        return result;
    }

    private static object? Sort(JsonataCallContext ctx, object? arr, JsonataFunction? comparator)
    {
        if (arr is not JsonataArray a)
        {
            return null;
        }
        if (a.Count <= 1)
        {
            return a;
        }
        Func<object?, object?, bool> greater;
        if (comparator is null)
        {
            if (ValueSemantics.IsArrayOfNumbers(a))
            {
                greater = (x, y) => (double)x! > (double)y!;
            }
            else if (ValueSemantics.IsArrayOfStrings(a))
            {
                greater = (x, y) => string.CompareOrdinal((string)x!, (string)y!) > 0;
            }
            else
            {
                throw new JsonataException("D3070", "The single argument form of the sort function can only be applied to an array of strings or an array of numbers.  Use the second argument to specify a comparison function");
            }
        }
        else
        {
            greater = (x, y) => ValueSemantics.IsTruthy(ctx.Evaluator.Apply(comparator, [x, y], null, ctx.Environment));
        }
        return new JsonataArray(MergeSort(a, greater));
    }

    // ---------------------------------------------------------------- arrays / objects

    private static object? Keys(object? arg)
    {
        var result = JsonataArray.Sequence();
        if (arg is JsonataArray a)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in a)
            {
                if (item is JsonataObject o)
                {
                    foreach (var k in o.Keys)
                    {
                        if (seen.Add(k))
                        {
                            result.Add(k);
                        }
                    }
                }
            }
        }
        else if (arg is JsonataObject o)
        {
            foreach (var k in o.Keys)
            {
                result.Add(k);
            }
        }
        return result;
    }

    private static object? Spread(object? arg)
    {
        if (arg is JsonataArray a)
        {
            object? result = JsonataArray.Sequence();
            foreach (var item in a)
            {
                result = Evaluator.Append(result, Spread(item));
            }
            return result;
        }
        if (arg is JsonataObject o)
        {
            var result = JsonataArray.Sequence();
            foreach (var kv in o)
            {
                result.Add(new JsonataObject { [kv.Key] = kv.Value });
            }
            return result;
        }
        return arg;
    }

    private static object? Merge(object? arg)
    {
        if (arg is not JsonataArray a)
        {
            return null;
        }
        var result = new JsonataObject();
        foreach (var item in a)
        {
            var o = (JsonataObject)item!;
            foreach (var kv in o)
            {
                result[kv.Key] = kv.Value;
            }
        }
        return result;
    }

    private static object? Reverse(object? arg)
    {
        if (arg is not JsonataArray a)
        {
            return null;
        }
        if (a.Count <= 1)
        {
            return a;
        }
        var r = new JsonataArray(a);
        r.Reverse();
        return r;
    }

    private static object? Shuffle(object? arg)
    {
        if (arg is not JsonataArray a)
        {
            return null;
        }
        if (a.Count <= 1)
        {
            return a;
        }
        var r = new JsonataArray(a);
        for (var i = r.Count - 1; i > 0; i--)
        {
            var j = Random.Shared.Next(i + 1);
            (r[i], r[j]) = (r[j], r[i]);
        }
        return r;
    }

    private static object? Distinct(object? arg)
    {
        if (arg is not JsonataArray { Count: > 1 } a)
        {
            return arg;
        }
        var results = new JsonataArray { IsSequence = a.IsSequence };
        foreach (var v in a)
        {
            var includes = false;
            foreach (var r in results)
            {
                if (ValueSemantics.DeepEquals(v, r))
                {
                    includes = true;
                    break;
                }
            }
            if (!includes)
            {
                results.Add(v);
            }
        }
        return results;
    }

    private static object? Eval(JsonataCallContext ctx, string? expr, object? focus)
    {
        if (expr is null)
        {
            return null;
        }
        var input = ctx.Input;
        if (focus is not null)
        {
            input = focus;
            if (input is JsonataArray { IsSequence: false } arr)
            {
                var wrapped = JsonataArray.Sequence();
                wrapped.Add(arr);
                wrapped.IsOuterWrapper = true;
                input = wrapped;
            }
        }
        Node ast;
        try
        {
            ast = Parser.Parse(expr);
        }
        catch (JsonataException e)
        {
            throw new JsonataException("D3120", "Syntax error in expression passed to function eval: " + e.Message, inner: e);
        }
        try
        {
            return ctx.Evaluator.Evaluate(ast, input, ctx.Environment);
        }
        catch (JsonataException e) when (e.Code != "U1001")
        {
            throw new JsonataException("D3121", "Dynamic error evaluating the expression passed to function eval: " + e.Message, inner: e);
        }
    }

    private static object? Now(JsonataCallContext ctx, string? picture, string? timezone)
    {
        if (picture is null && timezone is null)
        {
            return ctx.Evaluator.Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }
        var fromMillis = ctx.Evaluator.Functions.Find("fromMillis");
        if (fromMillis is null)
        {
            return ctx.Evaluator.Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }
        return ctx.Invoke(fromMillis, (double)ctx.Evaluator.Now.ToUnixTimeMilliseconds(), picture, timezone);
    }
}
