using YamlDotNet.Core;

namespace Serverless.Core.Json;

/// <summary>A YAML document that cannot be read into JSON; carries the 1-based line and column.</summary>
public sealed class YamlJsonException : FormatException
{
    /// <summary>A failure described by <paramref name="problem"/> at <paramref name="position"/> (none when null or line 0).</summary>
    public YamlJsonException(string problem, Mark? position)
        : base(position is { } p && p.Line > 0 ? $"YAML line {p.Line}, column {p.Column}: {problem}" : $"YAML: {problem}")
    {
        Problem = problem;
        Line = position is { Line: > 0 } m ? (int)m.Line : null;
        Column = position is { Line: > 0 } c ? (int)c.Column : null;
    }

    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; }

    /// <summary>The 1-based line of the problem, or null when unknown.</summary>
    public int? Line { get; }

    /// <summary>The 1-based column of the problem, or null when unknown.</summary>
    public int? Column { get; }

    /// <summary>The document expands past a size or node budget (aliases included): the body is too large rather than malformed.</summary>
    public bool IsTooLarge { get; init; }
}
