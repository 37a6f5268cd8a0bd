using System.Collections.Concurrent;
using Serverless.Core.Templating;

namespace Serverless.Core.Webhooks.Inbound;

/// <summary>
/// Parsed signature and lookup templates, keyed by their text, so a webhook request never re-parses
/// its config's templates. Configs are validated on write, so the texts seen here are few and stable.
/// </summary>
public sealed class WebhookTemplates
{
    private const int Capacity = 4096;
    private readonly ConcurrentDictionary<string, PlaceholderTemplate> _templates = new(StringComparer.Ordinal);

    /// <summary>The parsed template of <paramref name="text"/>, cached (up to a bound) so that it is parsed once.</summary>
    public PlaceholderTemplate Get(string text)
    {
        if (_templates.TryGetValue(text, out var template)) return template;
        template = PlaceholderTemplate.Parse(text);
        // Bounded: past capacity the cache stops growing instead of evicting (configs rarely change).
        if (_templates.Count < Capacity) _templates.TryAdd(text, template);
        return template;
    }

    /// <summary>The template's text value over <paramref name="scope"/>; <c>null</c> when undefined.</summary>
    public string? Resolve(string text, ITemplateScope scope) => Get(text).ResolveString(scope);

    /// <summary>
    /// Like <see cref="Resolve"/>, but <c>null</c> when any placeholder finds nothing. Placeholders that
    /// resolve to nothing keep their text, and a secret or signature must never become the template's
    /// own (public) text: <c>"{{context.webhook_secret}}"</c> as an HMAC key would be forgeable.
    /// </summary>
    public string? ResolveRequired(string text, ITemplateScope scope)
    {
        var template = Get(text);
        foreach (var placeholder in template.Placeholders)
        {
            // A lone placeholder that finds nothing resolves to its own text; JSON null counts as nothing too.
            var value = Get(placeholder.Text).Resolve(scope);
            if (value.IsUndefined || (value.IsString && value.ToText() == placeholder.Text) || (!value.IsString && value.ToNode() is null)) return null;
        }

        return template.ResolveString(scope);
    }
}
