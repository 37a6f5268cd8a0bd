using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Serverless.Core.Templating;

namespace Serverless.Core.Config.Schema;

/// <summary>A string, optionally checked as a template, a JSONata expression, an enum, an identifier, a URL or a regex.</summary>
internal sealed class StringRule : SchemaRule
{
    /// <summary>Placeholders are allowed and their types checked.</summary>
    public bool Template { get; init; }

    /// <summary>A JSONata expression, syntax-checked through <see cref="SchemaContext.Jsonata"/>.</summary>
    public bool Jsonata { get; init; }

    public IReadOnlyList<string>? AllowedValues { get; init; }

    /// <summary>Names the enum in messages: "unknown {label} 'x' (expected ...)".</summary>
    public string ValueLabel { get; init; } = "value";

    public bool IgnoreCase { get; init; }

    /// <summary>Lowercase letters, digits and '_', not starting with a digit or '_', not ending with '_'.</summary>
    public bool Identifier { get; init; }

    /// <summary>An absolute http(s) URL unless it contains placeholders.</summary>
    public bool AbsoluteUrl { get; init; }

    /// <summary>The value must compile as a .NET regular expression.</summary>
    public bool RegexPattern { get; init; }

    public bool NonEmpty { get; init; }

    /// <summary>Whether and how the value decides where requests are sent (collected by <see cref="SchemaContext"/>).</summary>
    public RequestTarget Target { get; init; }

    public override string Expected => "string";

    public static bool IsIdentifier(string value)
    {
        if (value.Length == 0 || !char.IsAsciiLetterLower(value[0]) || value[^1] == '_')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    public override void Validate(JsonNode? node, string path, SchemaContext context)
    {
        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            AddTypeError(node, path, context);
            return;
        }

        if (Target != RequestTarget.None)
        {
            context.AddTarget(path, Target == RequestTarget.Path && RequestTargets.StaysOnBaseUrl(text) ? "" : text);
        }

        if (NonEmpty && text.Length == 0)
        {
            context.Add(path, "must not be empty");
        }

        if (AllowedValues is not null && !AllowedValues.Contains(text, IgnoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal))
        {
            context.Add(path, $"unknown {ValueLabel} '{text}' (expected {string.Join(", ", AllowedValues)})");
        }

        if (Identifier && !IsIdentifier(text))
        {
            context.Add(path, $"'{text}' is not an identifier (lowercase letters, digits and '_', not starting with a digit or '_', not ending with '_')");
        }

        var hasPlaceholders = PlaceholderTemplate.MayContainPlaceholders(text);
        if (Template && hasPlaceholders)
        {
            foreach (var problem in PlaceholderTemplate.Check(text))
            {
                context.Add(path, problem.Message);
            }
        }

        if (AbsoluteUrl && !(Template && hasPlaceholders)
            && !(Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            context.Add(path, $"'{text}' is not an absolute http(s) URL");
        }

        if (RegexPattern)
        {
            try
            {
                _ = new Regex(text, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException ex)
            {
                context.Add(path, $"invalid regular expression: {ex.Message}");
            }
        }

        if (Jsonata && context.Jsonata?.Check(text) is { } error)
        {
            var position = error.Position is { } p ? $" at position {p}" : "";
            context.Add(path, $"JSONata syntax error {error.Code}{position}: {error.Message}");
        }
    }
}
