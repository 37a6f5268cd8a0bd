namespace Serverless.Core.Templating;

/// <summary>A template with a configuration error (e.g. an unknown placeholder type).</summary>
internal sealed class PlaceholderSyntaxException(string template, IReadOnlyList<PlaceholderProblem> problems)
    : FormatException($"invalid template '{template}': {string.Join("; ", problems.Select(p => $"{p.Message} at position {p.Position}"))}")
{
    public IReadOnlyList<PlaceholderProblem> Problems { get; } = problems;
}
