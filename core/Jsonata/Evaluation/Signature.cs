using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Serverless.Core.Jsonata.Values;

namespace Serverless.Core.Jsonata.Evaluation;

/// <summary>
/// A function signature such as <c>&lt;s-n?:s&gt;</c>. Arguments are validated by matching one type
/// symbol per argument against the parameters (greedy with backtracking, like the reference's regex).
/// </summary>
internal sealed class Signature
{
    private static readonly ConcurrentDictionary<string, Signature> Cache = new(StringComparer.Ordinal);

    private sealed class Param
    {
        public string Regex = "";
        public char Type;
        public string? TypeText;
        public bool Context;
        public string? Subtype;

        public bool Optional => Regex.EndsWith('?');

        public bool Repeat => Regex.EndsWith('+');

        public bool Allows(char symbol)
        {
            var r = Regex;
            if (r[0] != '[')
            {
                return r[0] == symbol;
            }
            var end = r.IndexOf(']');
            return r.AsSpan(1, end - 1).Contains(symbol);
        }
    }

    private readonly List<Param> _params;

    private Signature(string definition, List<Param> parameters)
    {
        Definition = definition;
        _params = parameters;
    }

    /// <summary>The signature text, e.g. <c>&lt;s-n?:s&gt;</c>.</summary>
    public string Definition { get; }

    /// <summary>Number of declared parameters.</summary>
    public int ParameterCount => _params.Count;

    /// <summary>Parses a signature; throws <see cref="JsonataException"/> (S0401/S0402) when malformed.</summary>
    public static Signature Parse(string signature) => Cache.GetOrAdd(signature, static s => ParseCore(s));

    private static Signature ParseCore(string signature)
    {
        var position = 1;
        var parameters = new List<Param>();
        var param = new Param();
        var prev = param;
        void Next()
        {
            parameters.Add(param);
            prev = param;
            param = new Param();
        }
        while (position < signature.Length)
        {
            var symbol = signature[position];
            if (symbol == ':')
            {
                break;
            }
            switch (symbol)
            {
                case 's' or 'n' or 'b' or 'l' or 'o':
                    param.Regex = "[" + symbol + "m]";
                    param.Type = symbol;
                    Next();
                    break;
                case 'a':
                    param.Regex = "[asnblfom]";
                    param.Type = 'a';
                    Next();
                    break;
                case 'f':
                    param.Regex = "f";
                    param.Type = 'f';
                    Next();
                    break;
                case 'j':
                    param.Regex = "[asnblom]";
                    param.Type = 'j';
                    Next();
                    break;
                case 'x':
                    param.Regex = "[asnblfom]";
                    param.Type = 'x';
                    Next();
                    break;
                case '-':
                    prev.Context = true;
                    prev.Regex += "?";
                    break;
                case '?' or '+':
                    prev.Regex += symbol;
                    break;
                case '(':
                    {
                        var end = FindClosing(signature, position, '(', ')');
                        var choice = signature.Substring(position + 1, end - position - 1);
                        if (choice.Contains('<'))
                        {
                            throw new JsonataException("S0402", "Choice groups containing parameterized types are not supported", position) { Value = choice };
                        }
                        param.Regex = "[" + choice + "m]";
                        param.Type = '(';
                        param.TypeText = "(" + choice + ")";
                        position = end;
                        Next();
                        break;
                    }
                case '<':
                    if (prev.Type is 'a' or 'f')
                    {
                        var end = FindClosing(signature, position, '<', '>');
                        prev.Subtype = signature.Substring(position + 1, end - position - 1);
                        position = end;
                    }
                    else
                    {
                        throw new JsonataException("S0401", $"Type parameters can only be applied to functions and arrays", position) { Value = prev.Type.ToString() };
                    }
                    break;
            }
            position++;
        }
        return new Signature(signature, parameters);
    }

    private static int FindClosing(string s, int start, char open, char close)
    {
        var depth = 1;
        var pos = start;
        while (pos < s.Length)
        {
            pos++;
            if (pos >= s.Length)
            {
                break;
            }
            if (s[pos] == close)
            {
                depth--;
                if (depth == 0)
                {
                    break;
                }
            }
            else if (s[pos] == open)
            {
                depth++;
            }
        }
        return pos;
    }

    internal static char SymbolOf(object? value) => value switch
    {
        null => 'm',
        JsonataFunction => 'f',
        string => 's',
        double => 'n',
        bool => 'b',
        JsonataNull => 'l',
        JsonataArray => 'a',
        _ => 'o',
    };

    /// <summary>Checks <paramref name="args"/> and returns them with context arguments filled in and scalars wrapped for array parameters.</summary>
    internal object?[] Validate(object?[] args, object? context)
    {
        Span<char> buffer = args.Length <= 64 ? stackalloc char[args.Length] : new char[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            buffer[i] = SymbolOf(args[i]);
        }
        Span<int> counts = _params.Count <= 32 ? stackalloc int[_params.Count] : new int[_params.Count];
        if (!MatchFrom(buffer, 0, 0, counts))
        {
            throw ValidationError(args, buffer.ToString());
        }
        var size = 0;
        var unchanged = _params.Count == args.Length;
        for (var index = 0; index < _params.Count; index++)
        {
            size += Math.Max(counts[index], 1);
            unchanged &= counts[index] == 1 && (_params[index].Type != 'a' || buffer[index] == 'a') && _params[index].Subtype is null;
        }
        if (unchanged)
        {
            // Every argument matched one parameter as is: nothing to fill in or wrap.
            return args;
        }
        var validated = new object?[size];
        var v = 0;
        var argIndex = 0;
        var symbolPos = 0;
        for (var index = 0; index < _params.Count; index++)
        {
            var param = _params[index];
            ReadOnlySpan<char> m = buffer.Slice(symbolPos, counts[index]);
            symbolPos += counts[index];
            if (m.Length == 0)
            {
                if (param.Context)
                {
                    var contextType = SymbolOf(context);
                    if (param.Allows(contextType))
                    {
                        validated[v++] = context;
                    }
                    else
                    {
                        throw new JsonataException("T0411", $"Context value is not a compatible type with argument {argIndex + 1} of function", null) { Value = context };
                    }
                }
                else
                {
                    validated[v++] = argIndex < args.Length ? args[argIndex] : null;
                    argIndex++;
                }
                continue;
            }
            foreach (var single in m)
            {
                var arg = argIndex < args.Length ? args[argIndex] : null;
                if (param.Type == 'a')
                {
                    if (single == 'm')
                    {
                        arg = null;
                    }
                    else
                    {
                        var ok = true;
                        if (param.Subtype is not null)
                        {
                            if (single != 'a' && !m.SequenceEqual(param.Subtype))
                            {
                                ok = false;
                            }
                            else if (single == 'a' && arg is JsonataArray arr && arr.Count > 0)
                            {
                                var itemType = SymbolOf(arr[0]);
                                if (itemType != param.Subtype[0])
                                {
                                    ok = false;
                                }
                                else
                                {
                                    foreach (var item in arr)
                                    {
                                        if (SymbolOf(item) != itemType)
                                        {
                                            ok = false;
                                            break;
                                        }
                                    }
                                }
                            }
                        }
                        if (!ok)
                        {
                            throw new JsonataException("T0412", $"Argument {argIndex + 1} of function must be an array of {SubtypeName(param.Subtype!)}", null) { Value = arg };
                        }
                        if (single != 'a')
                        {
                            arg = new JsonataArray { arg };
                        }
                    }
                }
                validated[v++] = arg;
                argIndex++;
            }
        }
        return validated;
    }

    /// <summary>Backtracking match of argument symbols against the parameters (what the regex would do, greedily).</summary>
    private bool MatchFrom(ReadOnlySpan<char> symbols, int pos, int paramIndex, Span<int> counts)
    {
        if (paramIndex == _params.Count)
        {
            return pos == symbols.Length;
        }
        var p = _params[paramIndex];
        var max = 0;
        while (pos + max < symbols.Length && p.Allows(symbols[pos + max]) && (max == 0 || p.Repeat))
        {
            max++;
        }
        var min = p.Optional ? 0 : 1;
        for (var n = max; n >= min; n--)
        {
            counts[paramIndex] = n;
            if (MatchFrom(symbols, pos + n, paramIndex + 1, counts))
            {
                return true;
            }
        }
        return false;
    }

    private static string SubtypeName(string subtype) => subtype switch
    {
        "a" => "arrays",
        "b" => "booleans",
        "f" => "functions",
        "n" => "numbers",
        "o" => "objects",
        "s" => "strings",
        _ => subtype,
    };

    private JsonataException ValidationError(object?[] args, string supplied)
    {
        var partial = new StringBuilder("^");
        var goodTo = 0;
        foreach (var p in _params)
        {
            partial.Append(p.Regex);
            var m = Regex.Match(supplied, partial.ToString(), RegexOptions.CultureInvariant);
            if (!m.Success)
            {
                break;
            }
            goodTo = m.Length;
        }
        return new JsonataException("T0410", $"Argument {goodTo + 1} of function does not match function signature", null)
        {
            Value = goodTo < args.Length ? args[goodTo] : null,
        };
    }
}
