namespace Serverless.Core.Jsonata;

/// <summary>
/// A JSONata compile or evaluation error. <see cref="Code"/> matches the reference implementation
/// (jsonata-js), e.g. <c>S0202</c> for a syntax error or <c>T2001</c> for a type error.
/// </summary>
internal sealed class JsonataException : Exception
{
    public JsonataException(string code, string message, int? position = null, string? token = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        Position = position;
        Token = token;
    }

    /// <summary>The reference error code.</summary>
    public string Code { get; }

    /// <summary>Character position in the expression the error refers to, when known.</summary>
    public int? Position { get; internal set; }

    /// <summary>The token (operator or function name) the error refers to, when known.</summary>
    public string? Token { get; internal set; }

    /// <summary>The offending value, when the error is about a value (as in the reference's <c>value</c> field).</summary>
    public object? Value { get; internal set; }

    internal bool PositionSet { get; set; }
}
