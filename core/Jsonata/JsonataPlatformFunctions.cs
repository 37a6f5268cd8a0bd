using Serverless.Core.Jsonata.Extensions;

namespace Serverless.Core.Jsonata;

/// <summary>
/// The function set every platform expression evaluates with: the built-ins plus Truto's extension
/// functions. Built once; share <see cref="Options"/> (register the instance as a singleton).
/// </summary>
public sealed class JsonataPlatformFunctions
{
    /// <summary>The process-wide instance, for code built outside dependency injection (config compilation).</summary>
    public static JsonataPlatformFunctions Shared { get; } = new();

    private JsonataPlatformFunctions()
    {
        Registry = TrutoJsonataFunctions.CreateRegistry();
        Options = new JsonataEvaluationOptions { Functions = Registry };
    }

    /// <summary>The frozen registry (built-ins + extensions).</summary>
    public JsonataFunctionRegistry Registry { get; }

    /// <summary>Default limits with <see cref="Registry"/>.</summary>
    public JsonataEvaluationOptions Options { get; }
}
