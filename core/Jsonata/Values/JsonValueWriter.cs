using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Core.Jsonata.Values;

/// <summary>Serialises JSONata values like JavaScript's JSON.stringify (functions become "", undefined members are dropped).</summary>
internal static class JsonValueWriter
{
    /// <summary>Writes <paramref name="value"/>; undefined writes JSON null.</summary>
    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
            case JsonataNull:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case double d:
                if (double.IsFinite(d))
                {
                    writer.WriteRawValue(NumberText.ToJs(d), skipInputValidation: true);
                }
                else
                {
                    writer.WriteNullValue();
                }
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case JsonataArray a:
                writer.WriteStartArray();
                foreach (var item in a)
                {
                    Write(writer, item is null ? JsonataNull.Value : item);
                }
                writer.WriteEndArray();
                break;
            case JsonataObject o:
                writer.WriteStartObject();
                var count = o.Count;
                for (var i = 0; i < count; i++)
                {
                    var v = o.ValueAt(i);
                    if (v is null)
                    {
                        continue;
                    }
                    writer.WritePropertyName(o.KeyAt(i));
                    Write(writer, v);
                }
                writer.WriteEndObject();
                break;
            case JsonataFunction:
                writer.WriteStringValue("");
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>JSON.stringify(value, replacer, indent ? 2 : 0); <paramref name="round15"/> applies $string's 15-digit rounding.</summary>
    public static string Stringify(object? value, bool indent, bool round15)
    {
        var sb = new StringBuilder();
        Append(sb, value, indent, round15, 0);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, object? value, bool indent, bool round15, int level)
    {
        switch (value)
        {
            case null:
            case JsonataNull:
                sb.Append("null");
                break;
            case string s:
                AppendString(sb, s);
                break;
            case double d:
                if (!double.IsFinite(d) && round15)
                {
                    throw new JsonataException("D1001", "Number out of range") { Value = d };
                }
                sb.Append(double.IsFinite(d) ? NumberText.ToJs(round15 && d != Math.Floor(d) ? NumberText.Round15(d) : d) : "null");
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case JsonataFunction:
                sb.Append("\"\"");
                break;
            case JsonataArray a:
                {
                    if (a.Count == 0)
                    {
                        sb.Append("[]");
                        break;
                    }
                    sb.Append('[');
                    for (var i = 0; i < a.Count; i++)
                    {
                        if (i > 0)
                        {
                            sb.Append(',');
                        }
                        NewLine(sb, indent, level + 1);
                        Append(sb, a[i], indent, round15, level + 1);
                    }
                    NewLine(sb, indent, level);
                    sb.Append(']');
                    break;
                }
            case JsonataObject o:
                {
                    var first = true;
                    sb.Append('{');
                    foreach (var kv in o)
                    {
                        if (kv.Value is null)
                        {
                            continue;
                        }
                        if (!first)
                        {
                            sb.Append(',');
                        }
                        first = false;
                        NewLine(sb, indent, level + 1);
                        AppendString(sb, kv.Key);
                        sb.Append(indent ? ": " : ":");
                        Append(sb, kv.Value, indent, round15, level + 1);
                    }
                    if (!first)
                    {
                        NewLine(sb, indent, level);
                    }
                    sb.Append('}');
                    break;
                }
            default:
                sb.Append("null");
                break;
        }
    }

    private static void NewLine(StringBuilder sb, bool indent, int level)
    {
        if (indent)
        {
            sb.Append('\n').Append(' ', level * 2);
        }
    }

    internal static void AppendString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>Converts to a <see cref="JsonNode"/> (JSON null is C# null).</summary>
    public static JsonNode? ToNode(object? value) => value switch
    {
        null or JsonataNull => null,
        string s => JsonValue.Create(s),
        double d => double.IsFinite(d) ? JsonValue.Create(d) : null,
        bool b => JsonValue.Create(b),
        JsonataFunction => JsonValue.Create(""),
        JsonataArray a => new JsonArray(a.Select(ToNode).ToArray()),
        JsonataObject o => ToObject(o),
        _ => null,
    };

    private static JsonObject ToObject(JsonataObject o)
    {
        var result = new JsonObject();
        foreach (var kv in o)
        {
            if (kv.Value is not null)
            {
                result[kv.Key] = ToNode(kv.Value);
            }
        }
        return result;
    }
}
