using Serverless.Core.Jsonata.Functions;
using Serverless.Core.Jsonata.Parsing;
using Serverless.Core.Jsonata.Values;

namespace Serverless.Core.Jsonata.Evaluation;

/// <summary>
/// Text assembled in one buffer: a chain of <c>&amp;</c> and the argument of a string function that
/// works on text (<c>$lowercase(first &amp; ' ' &amp; last)</c>) build one string at the end instead of one
/// per operand, and fields of objects still backed by input text are decoded straight into the buffer.
/// </summary>
internal sealed partial class Evaluator
{
    private const int StackTextLength = 128;

    private static bool IsInlineConcatenation(Node expr) =>
        expr.Type == NodeType.Binary && expr.Text == "&" && expr.Predicates is null && expr.Group is null && !expr.KeepArray;

    private string EvaluateConcatenation(Node expr, object? input, Frame env)
    {
        var text = new CharBuffer(stackalloc char[StackTextLength]);
        try
        {
            AppendConcatenation(expr, input, env, ref text);
            return text.ToString();
        }
        finally
        {
            text.Dispose();
        }
    }

    private void AppendConcatenation(Node expr, object? input, Frame env, ref CharBuffer text)
    {
        // Operands that are themselves chains are appended in place, bypassing Evaluate: guard depth here.
        EnterNode(expr);
        try
        {
            AppendOperand(expr.Lhs!, input, env, ref text);
            AppendOperand(expr.Rhs!, input, env, ref text);
        }
        catch (JsonataException e) when (!e.PositionSet && e.Code[0] != 'U')
        {
            e.Position = expr.Position;
            e.PositionSet = true;
            e.Token ??= "&";
            throw;
        }
        finally
        {
            _depth--;
        }
    }

    private void AppendOperand(Node operand, object? input, Frame env, ref CharBuffer text)
    {
        if (!TryAppendText(operand, input, env, ref text, out var value) && value is not null)
        {
            text.Append(BuiltinFunctions.StringOf(value));
        }
    }

    /// <summary>
    /// Appends <paramref name="expr"/>'s value when it is a string; otherwise appends nothing and hands
    /// the value back in <paramref name="value"/>, so the caller never evaluates it twice.
    /// </summary>
    private bool TryAppendText(Node expr, object? input, Frame env, ref CharBuffer text, out object? value)
    {
        if (IsInlineConcatenation(expr))
        {
            AppendConcatenation(expr, input, env, ref text);
            value = null;
            return true;
        }
        if (expr.Type == NodeType.String)
        {
            text.Append((string)expr.Literal!);
            value = null;
            return true;
        }
        if (input is JsonataObject obj && expr.IsPlainName)
        {
            if (obj.TryAppendStringMember(expr.Steps![0].Text!, ref text, out value))
            {
                return true;
            }
            if (value is not JsonataArray { IsSequence: true })
            {
                return false;
            }
            // A sequence stored as a member: let the general path semantics collapse it.
        }
        value = Evaluate(expr, input, env);
        if (value is string s)
        {
            text.Append(s);
            value = null;
            return true;
        }
        return false;
    }

    /// <summary>
    /// Calls a function that has a text form on its single argument's text. False when the argument is
    /// not a string; <paramref name="argument"/> then holds its value for the ordinary call.
    /// </summary>
    private bool TryApplyToText(TextFunction function, Node argumentExpr, object? input, Frame env, out object? result, out object? argument)
    {
        var text = new CharBuffer(stackalloc char[StackTextLength]);
        try
        {
            if (TryAppendText(argumentExpr, input, env, ref text, out argument))
            {
                result = function(text.Written);
                return true;
            }
            result = null;
            return false;
        }
        finally
        {
            text.Dispose();
        }
    }
}
