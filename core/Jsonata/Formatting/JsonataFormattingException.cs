namespace Serverless.Core.Jsonata.Formatting;

/// <summary>
/// A picture string or formatted value was rejected. <see cref="Code"/> is the JSONata error code
/// the reference implementation raises for the same input (D3080–D3093, D3110, D3130–D3136).
/// </summary>
internal sealed class JsonataFormattingException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
