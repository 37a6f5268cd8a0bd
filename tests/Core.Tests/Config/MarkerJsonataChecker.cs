using Serverless.Core.Jsonata;

namespace Serverless.Core.Tests.Config;

/// <summary>Test double of the JSONata seam: an expression containing "@@" fails with S0201 at the marker.</summary>
internal sealed class MarkerJsonataChecker : IJsonataSyntaxChecker
{
    public const string Marker = "@@";

    public List<string> Checked { get; } = [];

    public JsonataSyntaxError? Check(string expression)
    {
        Checked.Add(expression);
        var at = expression.IndexOf(Marker, StringComparison.Ordinal);
        return at < 0 ? null : new JsonataSyntaxError("S0201", at, "Syntax error: \"@@\"");
    }
}
