using YamlDotNet.Core;

namespace Serverless.Core.Json;

/// <summary>A YAML document that cannot be read into JSON; carries the 1-based line and column.</summary>
public sealed class YamlJsonException : FormatException
{
    public YamlJsonException(string problem, Mark? position)
        : base(position is { } p && p.Line > 0 ? $"YAML line {p.Line}, column {p.Column}: {problem}" : $"YAML: {problem}")
    {
        Problem = problem;
        Line = position is { Line: > 0 } m ? (int)m.Line : null;
        Column = position is { Line: > 0 } c ? (int)c.Column : null;
    }

    public string Problem { get; }

    public int? Line { get; }

    public int? Column { get; }

    /// <summary>The document expands past a size or node budget (aliases included): the body is too large rather than malformed.</summary>
    public bool IsTooLarge { get; init; }
}
