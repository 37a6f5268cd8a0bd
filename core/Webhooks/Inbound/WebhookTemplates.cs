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
    private readonly ConcurrentDictionary<string, PlaceholderTemplate> templates = new(StringComparer.Ordinal);

    public PlaceholderTemplate Get(string text)
    {
        if (templates.TryGetValue(text, out var template)) return template;
        template = PlaceholderTemplate.Parse(text);
        // Bounded: past capacity the cache stops growing instead of evicting (configs rarely change).
        if (templates.Count < Capacity) templates.TryAdd(text, template);
        return template;
    }

    /// <summary>The template's text value over <paramref name="scope"/>; <c>null</c> when undefined.</summary>
    public string? Resolve(string text, ITemplateScope scope) => Get(text).ResolveString(scope);
}
