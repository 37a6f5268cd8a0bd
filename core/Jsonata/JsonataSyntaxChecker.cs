namespace Serverless.Core.Jsonata;

/// <summary>Reports syntax errors by compiling through the shared cache (valid expressions stay compiled for later use).</summary>
public sealed class JsonataSyntaxChecker(JsonataExpressionCache cache) : IJsonataSyntaxChecker
{
    /// <summary>A checker with a cache of its own.</summary>
    public JsonataSyntaxChecker() : this(new JsonataExpressionCache())
    {
    }

    /// <inheritdoc/>
    public JsonataSyntaxError? Check(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        try
        {
            cache.GetOrCompile(expression);
            return null;
        }
        catch (JsonataException e)
        {
            return new JsonataSyntaxError(e.Code, e.Position, e.Message);
        }
    }
}
