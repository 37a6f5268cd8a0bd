using Serverless.Core.Json;
using Serverless.Core.Jsonata;

namespace Serverless.Core.Config.Schema;

/// <summary>Collects the problems of one validation run; rules add to it rather than stopping at the first.</summary>
internal sealed class SchemaContext(IJsonataSyntaxChecker? jsonata = null)
{
    private readonly List<ValidationError> _errors = [];

    /// <summary>Checks JSONata strings; when absent they are only checked to be strings.</summary>
    public IJsonataSyntaxChecker? Jsonata { get; } = jsonata;

    public IReadOnlyList<ValidationError> Errors => _errors;

    public void Add(string path, string message) => _errors.Add(new ValidationError(path, message));
}
