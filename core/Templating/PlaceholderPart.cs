namespace Serverless.Core.Templating;

/// <summary>One <c>|</c>-separated alternative of a placeholder: a dotted path split into segments, and its cast.</summary>
public sealed record PlaceholderPart(string Path, IReadOnlyList<string> Segments, PlaceholderType Type);
