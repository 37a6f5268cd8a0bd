using System.Text.Json.Nodes;

namespace Serverless.Core.Templating;

/// <summary>
/// The result of resolving a template: undefined (the key or array item disappears), a string, or a JSON
/// value (possibly <c>null</c>). A JSON value may still belong to the scope, so <see cref="ToNode"/>
/// copies it when needed; the text form never allocates for strings.
/// </summary>
public readonly struct TemplateValue
{
    private readonly string? _text;
    private readonly JsonNode? _node;
    private readonly bool _defined;
    private readonly bool _shared;

    private TemplateValue(string? text, JsonNode? node, bool defined, bool shared)
    {
        _text = text;
        _node = node;
        _defined = defined;
        _shared = shared;
    }

    /// <summary>The value of a missing key: the key or array item it would fill disappears.</summary>
    public static TemplateValue Undefined => default;

    /// <summary>Whether the template resolved to nothing.</summary>
    public bool IsUndefined => !_defined;

    /// <summary>Whether the value is a string (also a JSON string taken from the scope).</summary>
    public bool IsString => _text is not null;

    internal static TemplateValue FromText(string text) => new(text, null, defined: true, shared: false);

    internal static TemplateValue FromNode(JsonNode? node, bool shared) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? FromText(s) : new(null, node, defined: true, shared);

    /// <summary>A node the caller owns (safe to attach to another tree); <c>null</c> for JSON null and undefined.</summary>
    public JsonNode? ToNode()
    {
        if (_text is not null)
        {
            return JsonValue.Create(_text);
        }

        return _shared ? _node?.DeepClone() : _node;
    }

    /// <summary>The value as text, as JavaScript would embed it: strings as they are, <c>null</c> as "null", undefined as '', objects and arrays as JSON.</summary>
    public string ToText() => _text ?? (_defined ? TemplateText.Stringify(_node) : "");

    /// <summary>The text form, or <c>&lt;undefined&gt;</c>; for debugging.</summary>
    public override string ToString() => IsUndefined ? "<undefined>" : ToText();
}
