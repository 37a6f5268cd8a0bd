using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;

namespace Serverless.Core.Templating;

/// <summary>
/// A string with <c>{{...}}</c> placeholders, parsed once (Truto's placeholder semantics, SPEC §2.1).
/// Only a placeholder that is the whole string can produce a non-string value.
/// </summary>
public sealed class PlaceholderTemplate
{
    private const int CacheCapacity = 8192;

    private static readonly ConcurrentDictionary<string, PlaceholderTemplate> Cache = new(StringComparer.Ordinal);

    private static readonly string KnownTokens = "str, int, num, bool, json, null, any, undefined, ignore-empty-str";

    // Literal text segments are strings, placeholders are Placeholder instances.
    private readonly object[] _segments;

    private PlaceholderTemplate(string text, object[] segments, IReadOnlyList<Placeholder> placeholders)
    {
        Text = text;
        _segments = segments;
        Placeholders = placeholders;
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>The placeholders in order of appearance (for validation and tooling).</summary>
    public IReadOnlyList<Placeholder> Placeholders { get; }

    /// <summary>Whether the template has any placeholder (otherwise it resolves to <see cref="Text"/>).</summary>
    public bool HasPlaceholders => Placeholders.Count > 0;

    /// <summary>The template is exactly one placeholder, so it can produce any JSON value.</summary>
    public bool IsWholePlaceholder => _segments.Length == 1 && _segments[0] is Placeholder;

    /// <summary>Parses (or returns the cached parse of) a template.</summary>
    /// <exception cref="PlaceholderSyntaxException">A placeholder has an unknown type or an empty path.</exception>
    public static PlaceholderTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Cache.TryGetValue(text, out var cached))
        {
            return cached;
        }

        var template = Build(text, out var problems);
        if (problems.Count > 0)
        {
            throw new PlaceholderSyntaxException(text, problems);
        }

        if (Cache.Count >= CacheCapacity)
        {
            Cache.Clear();
        }

        Cache.TryAdd(text, template);
        return template;
    }

    /// <summary>Parses a template, reporting every configuration error instead of throwing.</summary>
    public static bool TryParse(string text, out PlaceholderTemplate template, out IReadOnlyList<PlaceholderProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Cache.TryGetValue(text, out var cached))
        {
            template = cached;
            problems = [];
            return true;
        }

        template = Build(text, out var found);
        problems = found;
        return found.Count == 0;
    }

    /// <summary>Every configuration error of a template (empty when it is valid).</summary>
    public static IReadOnlyList<PlaceholderProblem> Check(string text)
    {
        TryParse(text, out _, out var problems);
        return problems;
    }

    /// <summary>Whether the text contains anything that looks like a placeholder; cheap pre-check.</summary>
    public static bool MayContainPlaceholders(string text) => text.Contains("{{", StringComparison.Ordinal);

    /// <summary>Resolves the placeholders against <paramref name="scope"/>: a template that is one whole placeholder gives that value (any JSON), anything else a string.</summary>
    public TemplateValue Resolve(ITemplateScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (_segments.Length == 1 && _segments[0] is Placeholder whole)
        {
            var value = ResolvePlaceholder(whole, scope, out var outcome);
            return outcome == Outcome.KeepText ? TemplateValue.FromText(whole.Text) : value;
        }

        if (_segments.Length == 1 && _segments[0] is string only)
        {
            return TemplateValue.FromText(only);
        }

        return TemplateValue.FromText(ResolveEmbedded(scope));
    }

    /// <summary>The result as text (a whole placeholder's non-string value is stringified); <c>null</c> when it is undefined.</summary>
    public string? ResolveString(ITemplateScope scope)
    {
        var value = Resolve(scope);
        return value.IsUndefined ? null : value.ToText();
    }

    private string ResolveEmbedded(ITemplateScope scope)
    {
        var builder = new StringBuilder(Text.Length + 32);
        foreach (var segment in _segments)
        {
            if (segment is string literal)
            {
                builder.Append(literal);
                continue;
            }

            var placeholder = (Placeholder)segment;
            var value = ResolvePlaceholder(placeholder, scope, out var outcome);
            switch (outcome)
            {
                case Outcome.KeepText:
                    builder.Append(placeholder.Text);
                    break;
                case Outcome.Value:
                    builder.Append(value.ToText());
                    break;

                    // Undefined embedded → ''.
            }
        }

        return builder.ToString();
    }

    private enum Outcome
    {
        Value,
        Undefined,
        KeepText,
    }

    private static TemplateValue ResolvePlaceholder(Placeholder placeholder, ITemplateScope scope, out Outcome outcome)
    {
        outcome = Outcome.Value;
        foreach (var part in placeholder.Parts)
        {
            if (!TryLookup(scope, part.Segments, out var value))
            {
                continue;
            }

            if ((placeholder.Flags & PlaceholderFlags.IgnoreEmptyString) != 0 && value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0)
            {
                continue;
            }

            return PlaceholderCast.Apply(value, part.Type, shared: true);
        }

        if (placeholder.Default is not null)
        {
            return PlaceholderCast.Apply(JsonValue.Create(placeholder.Default), placeholder.DefaultType, shared: false);
        }

        if ((placeholder.Flags & PlaceholderFlags.Undefined) != 0)
        {
            outcome = Outcome.Undefined;
            return TemplateValue.Undefined;
        }

        if ((placeholder.Flags & PlaceholderFlags.Null) != 0)
        {
            return TemplateValue.FromNode(null, shared: false);
        }

        outcome = Outcome.KeepText;
        return TemplateValue.Undefined;
    }

    private static bool TryLookup(ITemplateScope scope, IReadOnlyList<string> segments, out JsonNode? value)
    {
        if (!scope.TryGetRoot(segments[0], out value))
        {
            return false;
        }

        for (var i = 1; i < segments.Count; i++)
        {
            switch (value)
            {
                case JsonObject obj when obj.TryGetPropertyValue(segments[i], out var child):
                    value = child;
                    break;
                case JsonArray array when int.TryParse(segments[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < array.Count:
                    value = array[index];
                    break;
                default:
                    value = null;
                    return false;
            }
        }

        return true;
    }

    private static PlaceholderTemplate Build(string text, out List<PlaceholderProblem> problems)
    {
        problems = [];
        var segments = new List<object>();
        var placeholders = new List<Placeholder>();
        var literalStart = 0;
        var searchFrom = 0;
        while (true)
        {
            var open = text.IndexOf("{{", searchFrom, StringComparison.Ordinal);
            if (open < 0)
            {
                break;
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                break;
            }

            // "{{{{x}}" : the innermost "{{" opens the placeholder.
            var inner = text.LastIndexOf("{{", close - 1, close - open - 1, StringComparison.Ordinal);
            if (inner > open)
            {
                open = inner;
            }

            var content = text.AsSpan(open + 2, close - open - 2);
            if (content.Trim().IsEmpty)
            {
                searchFrom = close + 2;
                continue;
            }

            var placeholder = ParsePlaceholder(text.Substring(open, close - open + 2), content.ToString(), open, problems);
            if (open > literalStart)
            {
                segments.Add(text[literalStart..open]);
            }

            segments.Add(placeholder);
            placeholders.Add(placeholder);
            literalStart = searchFrom = close + 2;
        }

        if (literalStart < text.Length || segments.Count == 0)
        {
            segments.Add(text[literalStart..]);
        }

        return new PlaceholderTemplate(text, [.. segments], placeholders);
    }

    private static Placeholder ParsePlaceholder(string raw, string content, int position, List<PlaceholderProblem> problems)
    {
        string? defaultText = null;
        var defaultAt = content.IndexOf("?:", StringComparison.Ordinal);
        if (defaultAt >= 0)
        {
            defaultText = content[(defaultAt + 2)..];
            content = content[..defaultAt];
        }

        var flags = PlaceholderFlags.None;
        var parts = new List<PlaceholderPart>();
        foreach (var partText in content.Split('|'))
        {
            var tokens = partText.Split(':');
            var path = tokens[0].Trim();
            var type = PlaceholderType.Str;
            var explicitType = false;
            for (var i = 1; i < tokens.Length; i++)
            {
                var token = tokens[i].Trim();
                if (!TryApplyToken(token, ref type, ref flags, ref explicitType))
                {
                    problems.Add(new PlaceholderProblem(position, $"unknown placeholder type '{token}' in {raw} (expected {KnownTokens})"));
                }
            }

            if (path.Length == 0)
            {
                problems.Add(new PlaceholderProblem(position, $"empty path in {raw}"));
                continue;
            }

            var segments = path.Split('.');
            if (Array.Exists(segments, s => s.Length == 0))
            {
                problems.Add(new PlaceholderProblem(position, $"invalid path '{path}' in {raw}"));
                continue;
            }

            parts.Add(new PlaceholderPart(path, segments, type));
        }

        var defaultType = parts.Count > 0 ? parts[^1].Type : PlaceholderType.Str;
        if (defaultText is not null)
        {
            // A trailing ":type" (or flag) on the default casts it: {{x?:1:int}} → 1.
            var ownType = PlaceholderType.Str;
            var hasOwnType = false;
            while (true)
            {
                var colon = defaultText.LastIndexOf(':');
                if (colon < 0)
                {
                    break;
                }

                var token = defaultText[(colon + 1)..].Trim();
                var candidate = ownType;
                var candidateFlags = flags;
                var candidateExplicit = hasOwnType;
                if (!TryApplyToken(token, ref candidate, ref candidateFlags, ref candidateExplicit))
                {
                    break;
                }

                if (token is not ("undefined" or "ignore-empty-str") && !hasOwnType)
                {
                    ownType = candidate;
                    hasOwnType = true;
                }

                flags = candidateFlags;
                defaultText = defaultText[..colon];
            }

            if (hasOwnType)
            {
                defaultType = ownType;
            }
        }

        return new Placeholder(raw, parts, flags, defaultText, defaultType);
    }

    private static bool TryApplyToken(string token, ref PlaceholderType type, ref PlaceholderFlags flags, ref bool explicitType)
    {
        if (token is "str" or "int" or "num" or "bool" or "json" or "any")
        {
            explicitType = true;
        }

        switch (token)
        {
            case "str":
                type = PlaceholderType.Str;
                return true;
            case "int":
                type = PlaceholderType.Int;
                return true;
            case "num":
                type = PlaceholderType.Num;
                return true;
            case "bool":
                type = PlaceholderType.Bool;
                return true;
            case "json":
                type = PlaceholderType.Json;
                return true;
            case "any":
                type = PlaceholderType.Any;
                return true;
            case "null":
                // Both a cast ('null' → null) and a flag; next to another type ({{x:int:null}}) only the flag.
                if (!explicitType)
                {
                    type = PlaceholderType.Null;
                }

                flags |= PlaceholderFlags.Null;
                return true;
            case "undefined":
                flags |= PlaceholderFlags.Undefined;
                return true;
            case "ignore-empty-str":
                flags |= PlaceholderFlags.IgnoreEmptyString;
                return true;
            default:
                return false;
        }
    }
}
