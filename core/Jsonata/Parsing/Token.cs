namespace Serverless.Core.Jsonata.Parsing;

internal enum TokenType
{
    End,
    Name,
    Variable,
    Operator,
    String,
    Number,
    Value,
    Regex,
}

/// <param name="Position">The index just after the token, as the reference reports it.</param>
internal readonly record struct Token(TokenType Type, string Text, object? Literal, int Position);
