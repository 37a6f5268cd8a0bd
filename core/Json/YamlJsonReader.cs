using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Serverless.Core.Json;

/// <summary>
/// Reads one YAML document into a <see cref="JsonNode"/> tree so that YAML and JSON bodies share one
/// model. Plain scalars are typed with the YAML 1.2 core schema (null, bool, int, float); quoted and
/// block scalars stay strings, as do plain scalars tagged <c>!!str</c>. Aliases are expanded, and count
/// by the size of what they repeat (SPEC §11): a small document cannot expand into a huge one.
/// </summary>
public static class YamlJsonReader
{
    private const int MaxDepth = 64;

    // Aliases are expanded by copying; the budgets stop "billion laughs" documents (many small nodes)
    // and large anchored values repeated many times (few huge ones).
    private const int MaxNodes = 100_000;

    /// <summary>The default budget of a document's size once its aliases are expanded (1 MiB).</summary>
    public const long DefaultMaxExpandedBytes = 1024 * 1024;

    /// <param name="maxExpandedBytes">The largest the document may expand to, measured as compact JSON text.</param>
    /// <exception cref="YamlJsonException">
    /// The text is not valid YAML (YamlDotNet refuses escapes of lone UTF-16 surrogates), cannot be
    /// represented as JSON, or expands past a budget (<see cref="YamlJsonException.IsTooLarge"/>).
    /// </exception>
    public static JsonNode? Read(string yaml, long maxExpandedBytes = DefaultMaxExpandedBytes)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var state = new ReadState(new Parser(new StringReader(yaml)), maxExpandedBytes);
        try
        {
            state.Expect<StreamStart>();
            if (state.Parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }

            state.Expect<DocumentStart>();
            var root = state.ReadNode(depth: 0);
            state.Expect<DocumentEnd>();
            if (!state.Parser.Accept<StreamEnd>(out _))
            {
                throw new YamlJsonException("expected a single YAML document", state.Parser.Current?.Start);
            }

            return root;
        }
        catch (YamlException ex)
        {
            throw new YamlJsonException(ex.Message.Trim(), ex.Start);
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's parser reports some malformed streams (an unclosed flow sequence at the end
            // of input, say) as an InvalidOperationException rather than a YamlException.
            throw new YamlJsonException($"malformed YAML: {ex.Message.Trim()}", state.Parser.Current?.Start);
        }
    }

    private sealed class ReadState(IParser parser, long maxExpandedBytes)
    {
        private readonly Dictionary<string, (JsonNode? Node, long Size)> _anchors = new(StringComparer.Ordinal);
        private int _nodes;

        // The size of everything read so far as compact JSON (aliases by what they expand to).
        private long _expandedBytes;

        public IParser Parser { get; } = parser;

        public T Expect<T>() where T : ParsingEvent => Parser.Consume<T>();

        public JsonNode? ReadNode(int depth)
        {
            if (depth > MaxDepth)
            {
                throw new YamlJsonException($"YAML nesting is deeper than {MaxDepth} levels", Parser.Current?.Start);
            }

            if (++_nodes > MaxNodes)
            {
                throw new YamlJsonException("YAML document expands to too many nodes", Parser.Current?.Start) { IsTooLarge = true };
            }

            if (Parser.TryConsume<AnchorAlias>(out var alias))
            {
                if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
                {
                    throw new YamlJsonException($"unknown alias '*{alias.Value.Value}'", alias.Start);
                }

                _nodes += CountNodes(anchored.Node);
                if (_nodes > MaxNodes)
                {
                    throw new YamlJsonException("YAML document expands to too many nodes", alias.Start) { IsTooLarge = true };
                }

                Grow(anchored.Size, alias.Start);
                return anchored.Node?.DeepClone();
            }

            var startSize = _expandedBytes;

            JsonNode? node;
            AnchorName anchor;
            if (Parser.TryConsume<Scalar>(out var scalar))
            {
                anchor = scalar.Anchor;
                node = ConvertScalar(scalar);
                Grow(node is JsonValue value && value.TryGetValue<string>(out var text) ? Encoding.UTF8.GetByteCount(text) + 2 : (node?.ToJsonString().Length ?? 4), scalar.Start);
            }
            else if (Parser.TryConsume<SequenceStart>(out var sequenceStart))
            {
                anchor = sequenceStart.Anchor;
                var array = new JsonArray();
                Grow(2, sequenceStart.Start);
                while (!Parser.TryConsume<SequenceEnd>(out _))
                {
                    Grow(array.Count == 0 ? 0 : 1, sequenceStart.Start);
                    array.Add(ReadNode(depth + 1));
                }

                node = array;
            }
            else if (Parser.TryConsume<MappingStart>(out var mappingStart))
            {
                anchor = mappingStart.Anchor;
                var obj = new JsonObject();
                Grow(2, mappingStart.Start);
                while (!Parser.TryConsume<MappingEnd>(out _))
                {
                    var keyStart = Parser.Current?.Start;
                    if (!Parser.TryConsume<Scalar>(out var key))
                    {
                        throw new YamlJsonException("mapping keys must be plain strings", keyStart);
                    }

                    // "key": plus a comma between entries.
                    Grow(Encoding.UTF8.GetByteCount(key.Value) + 3 + (obj.Count == 0 ? 0 : 1), key.Start);

                    if (obj.ContainsKey(key.Value))
                    {
                        throw new YamlJsonException($"duplicate key '{key.Value}'", keyStart);
                    }

                    obj[key.Value] = ReadNode(depth + 1);
                }

                node = obj;
            }
            else
            {
                throw new YamlJsonException($"unexpected YAML event {Parser.Current?.GetType().Name}", Parser.Current?.Start);
            }

            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = (node, _expandedBytes - startSize);
            }

            return node;
        }

        private void Grow(long bytes, Mark? position)
        {
            _expandedBytes += bytes;
            if (_expandedBytes > maxExpandedBytes)
            {
                throw new YamlJsonException(
                    $"YAML document expands to more than {maxExpandedBytes} bytes (aliases count by the size of what they repeat)", position)
                { IsTooLarge = true };
            }
        }

        private static int CountNodes(JsonNode? node) => node switch
        {
            JsonObject o => 1 + o.Sum(p => CountNodes(p.Value)),
            JsonArray a => 1 + a.Sum(CountNodes),
            _ => 1,
        };
    }

    private static JsonNode? ConvertScalar(Scalar scalar)
    {
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (tag is "tag:yaml.org,2002:str" || scalar.Style != ScalarStyle.Plain && tag is null)
        {
            return JsonValue.Create(scalar.Value);
        }

        var text = scalar.Value;
        var typed = ParseCoreSchema(text, scalar.Start);
        return tag switch
        {
            null or "!" => typed,
            "tag:yaml.org,2002:null" => null,
            "tag:yaml.org,2002:bool" when typed is JsonValue v && v.TryGetValue<bool>(out _) => typed,
            "tag:yaml.org,2002:int" when typed is JsonValue v && v.TryGetValue<long>(out _) => typed,
            "tag:yaml.org,2002:float" when typed is JsonValue v && (v.TryGetValue<double>(out _) || v.TryGetValue<long>(out _)) => typed,
            _ => throw new YamlJsonException($"unsupported or mismatched tag '{tag}' on '{text}'", scalar.Start),
        };
    }

    private static JsonNode? ParseCoreSchema(string text, Mark start)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF" or ".nan" or ".NaN" or ".NAN":
                throw new YamlJsonException($"'{text}' has no JSON representation", start);
        }

        if (IsDecimalInteger(text))
        {
            // JSON has no '+' sign and no leading zeros.
            var negative = text[0] == '-';
            var digits = text.AsSpan(text[0] is '-' or '+' ? 1 : 0).TrimStart('0');
            return JsonNumber.FromText(string.Concat(negative ? "-" : "", digits.IsEmpty ? "0" : digits));
        }

        if (text.Length > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'o'))
        {
            var digits = text.AsSpan(2);
            if (text[1] == 'x' && long.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
            {
                return JsonNumber.FromInteger(hex);
            }

            if (text[1] == 'o' && TryParseOctal(digits, out var octal))
            {
                return JsonNumber.FromInteger(octal);
            }
        }

        if (IsCoreFloat(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            return JsonNumber.FromDouble(d);
        }

        return JsonValue.Create(text);
    }

    private static bool IsDecimalInteger(string text)
    {
        var i = text.Length > 0 && (text[0] == '-' || text[0] == '+') ? 1 : 0;
        if (i == text.Length)
        {
            return false;
        }

        for (; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseOctal(ReadOnlySpan<char> digits, out long value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '7' || value > long.MaxValue / 8)
            {
                return false;
            }

            value = value * 8 + (c - '0');
        }

        return true;
    }

    // Core schema float: [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    private static bool IsCoreFloat(string text)
    {
        var i = 0;
        if (i < text.Length && (text[i] == '-' || text[i] == '+'))
        {
            i++;
        }

        var intDigits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
            intDigits++;
        }

        var fracDigits = 0;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                fracDigits++;
            }
        }

        if (intDigits == 0 && fracDigits == 0)
        {
            return false;
        }

        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            i++;
            if (i < text.Length && (text[i] == '-' || text[i] == '+'))
            {
                i++;
            }

            var expDigits = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                expDigits++;
            }

            if (expDigits == 0)
            {
                return false;
            }
        }

        return i == text.Length;
    }
}
