using Serverless.Core.Json;
using Serverless.Core.Jsonata;

namespace Serverless.Core.Config.Schema;

/// <summary>
/// Collects the problems of one validation run; rules add to it rather than stopping at the first. With
/// <paramref name="collectTargets"/>, it also collects the strings that decide where requests are sent
/// (<see cref="StringRule.Target"/>), by path.
/// </summary>
internal sealed class SchemaContext(IJsonataSyntaxChecker? jsonata = null, bool collectTargets = false)
{
    private readonly List<ValidationError> _errors = [];
    private readonly Dictionary<string, string>? _targets = collectTargets ? new(StringComparer.Ordinal) : null;

    /// <summary>Checks JSONata strings; when absent they are only checked to be strings.</summary>
    public IJsonataSyntaxChecker? Jsonata { get; } = jsonata;

    public IReadOnlyList<ValidationError> Errors => _errors;

    /// <summary>Path → value of every request target met (empty unless collecting).</summary>
    public IReadOnlyDictionary<string, string> Targets => _targets ?? [];

    public void Add(string path, string message) => _errors.Add(new ValidationError(path, message));

    public void AddTarget(string path, string value) => _targets?.Add(path, value);
}
