namespace Serverless.Core.Jsonata;

/// <summary>Limits and function set for one evaluation.</summary>
public sealed record JsonataEvaluationOptions
{
    /// <summary>Shared defaults: 1 s, depth 500, built-in functions only.</summary>
    public static JsonataEvaluationOptions Default { get; } = new();

    /// <summary>Wall-clock budget; exceeding it raises U1001. <see cref="Timeout.InfiniteTimeSpan"/> disables it.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Maximum nesting of evaluation (recursion depth); exceeding it raises U1001.</summary>
    public int MaxDepth { get; init; } = 500;

    /// <summary>Functions visible as <c>$name</c>; defaults to the built-in library.</summary>
    public JsonataFunctionRegistry Functions { get; init; } = JsonataFunctionRegistry.Default;
}
