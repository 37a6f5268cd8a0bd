using Serverless.Core.Json;

namespace Serverless.Core.Config;

/// <summary>Every problem found in a config; empty when it is valid. The HTTP API turns a non-empty one into a 400.</summary>
public sealed record ConfigValidationResult(IReadOnlyList<ValidationError> Errors)
{
    /// <summary>The result with no problems.</summary>
    public static readonly ConfigValidationResult Valid = new([]);

    /// <summary>Whether no problem was found.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>All problems on one line each, for the 400 <c>message</c>.</summary>
    public string Describe() => string.Join("; ", Errors);
}
