using Serverless.Core.Jsonata;
using Xunit;

namespace Serverless.Jsonata.Tests.Extensions;

/// <summary>Evaluates expressions with the platform's function set (built-ins + Truto extensions).</summary>
internal static class Truto
{
    /// <summary>The result as compact JSON, or "undefined".</summary>
    public static string Eval(string expression, string input = "{}")
    {
        var result = JsonataExpression.Compile(expression).EvaluateJson(input, null, JsonataPlatformFunctions.Shared.Options);
        return result.IsUndefined ? "undefined" : result.ToJsonString() ?? "undefined";
    }

    /// <summary>Asserts that evaluation raises a JSONata error and returns its code.</summary>
    public static string ErrorCode(string expression, string input = "{}") =>
        Assert.Throws<JsonataException>(() => Eval(expression, input)).Code;
}
