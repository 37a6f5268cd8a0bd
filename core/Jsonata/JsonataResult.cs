using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Jsonata.Values;

namespace Serverless.Core.Jsonata;

/// <summary>
/// The outcome of an evaluation: either <em>undefined</em> (no result) or a JSON value
/// (which may be JSON <c>null</c>).
/// </summary>
public readonly struct JsonataResult
{
    internal JsonataResult(object? value) => Value = value;

    /// <summary>
    /// The raw value: C# null for undefined, otherwise <see cref="JsonataNull"/>, double, string, bool,
    /// <see cref="JsonataArray"/>, <see cref="JsonataObject"/> or <see cref="JsonataFunction"/>.
    /// </summary>
    public object? Value { get; }

    /// <summary>True when the expression produced no value.</summary>
    public bool IsUndefined => Value is null;

    /// <summary>Writes the value; writes JSON null for undefined (check <see cref="IsUndefined"/> first when that matters).</summary>
    public void WriteTo(Utf8JsonWriter writer) => JsonValueWriter.Write(writer, Value);

    /// <summary>The value as a <see cref="JsonNode"/> (JSON null and undefined are both C# null).</summary>
    public JsonNode? ToJsonNode() => JsonValueWriter.ToNode(Value);

    /// <summary>Compact JSON text, or null when undefined.</summary>
    public string? ToJsonString() => Value is null ? null : JsonValueWriter.Stringify(Value, false, false);

    /// <summary>The compact JSON text, or <c>undefined</c>.</summary>
    public override string ToString() => ToJsonString() ?? "undefined";
}
