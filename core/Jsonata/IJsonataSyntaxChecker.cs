namespace Serverless.Core.Jsonata;

/// <summary>
/// Compiles a JSONata expression to report its syntax error, if any. Config validation depends on
/// this seam so that it can check every JSONata field without knowing the engine.
/// </summary>
public interface IJsonataSyntaxChecker
{
    /// <returns><c>null</c> when the expression compiles.</returns>
    JsonataSyntaxError? Check(string expression);
}

/// <param name="Code">The JSONata error code, e.g. <c>S0202</c>.</param>
/// <param name="Position">The character position the reference implementation reports, when known.</param>
public sealed record JsonataSyntaxError(string Code, int? Position, string Message);
