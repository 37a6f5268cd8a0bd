namespace Serverless.Core.Templating;

/// <summary>A parsed <c>{{path|fallback:type?:default}}</c>.</summary>
/// <param name="Text">The placeholder as written, <c>{{</c> and <c>}}</c> included; kept when nothing resolves.</param>
/// <param name="Default">The literal after the first <c>?:</c>, if any, without its type suffix.</param>
/// <param name="DefaultType">The cast of the default: its own <c>:type</c> suffix, else the last part's type.</param>
public sealed record Placeholder(
    string Text,
    IReadOnlyList<PlaceholderPart> Parts,
    PlaceholderFlags Flags,
    string? Default,
    PlaceholderType DefaultType);
