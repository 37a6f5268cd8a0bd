using System.Text.RegularExpressions;
using Serverless.Core.Jsonata.Evaluation;
using Serverless.Core.Jsonata.Parsing;

namespace Serverless.Core.Jsonata.Values;

/// <summary>A function value: a lambda, a built-in or registered native function, a partial application or a regex.</summary>
public abstract class JsonataFunction
{
    private protected JsonataFunction()
    {
    }

    /// <summary>How many arguments the function declares; higher-order functions pass (value, index, array) up to this.</summary>
    public abstract int Arity { get; }

    internal virtual Signature? Signature => null;
}

/// <summary>
/// Implementation of a native function. <paramref name="args"/> are already validated against the
/// function's signature (context arguments filled in, scalars wrapped where an array is expected).
/// </summary>
public delegate object? JsonataNativeFunction(JsonataCallContext context, object?[] args);

/// <summary>What a native function can see of its call: the context item and a way to call function arguments.</summary>
public readonly struct JsonataCallContext
{
    internal JsonataCallContext(Evaluator evaluator, object? input, Frame environment)
    {
        Evaluator = evaluator;
        Input = input;
        Environment = environment;
    }

    internal Evaluator Evaluator { get; }

    internal Frame Environment { get; }

    /// <summary>The context item the function was called on.</summary>
    public object? Input { get; }

    /// <summary>Calls a JSONata function value (e.g. a lambda passed as an argument).</summary>
    public object? Invoke(JsonataFunction function, params object?[] args) =>
        Evaluator.Apply(function, args, null, Environment);
}

/// <summary>
/// A string function's text form: the same result computed from the argument's characters, so an
/// argument assembled in a buffer (a field of input text, a chain of <c>&amp;</c>) is never a string of its own.
/// </summary>
internal delegate string TextFunction(ReadOnlySpan<char> text);

internal sealed class NativeFunction : JsonataFunction
{
    public NativeFunction(string name, string? signature, int arity, JsonataNativeFunction body)
    {
        Name = name;
        NativeSignature = signature is null ? null : Signature.Parse(signature);
        NativeArity = arity;
        Body = body;
    }

    public string Name { get; }
    public Signature? NativeSignature { get; }
    public int NativeArity { get; }
    public JsonataNativeFunction Body { get; }

    /// <summary>For one-string-argument functions: the text form, used when the argument is a string.</summary>
    public TextFunction? OnText { get; init; }

    public override int Arity => NativeArity;
    internal override Signature? Signature => NativeSignature;
}

internal sealed class LambdaFunction : JsonataFunction
{
    public required Node Definition { get; init; }
    public required object? Input { get; init; }
    public required Frame Environment { get; init; }
    public required List<Node> Parameters { get; init; }
    public override int Arity => Parameters.Count;
    internal override Signature? Signature => Definition.Signature;
}

/// <summary>A lambda with some arguments bound by partial application.</summary>
internal sealed class PartialFunction : JsonataFunction
{
    public required JsonataFunction Target { get; init; }

    /// <summary>Bound arguments; <see cref="Hole"/> marks a '?' placeholder.</summary>
    public required object?[] Arguments { get; init; }

    public static readonly object Hole = new();

    public override int Arity
    {
        get
        {
            var n = 0;
            foreach (var a in Arguments)
            {
                if (ReferenceEquals(a, Hole))
                {
                    n++;
                }
            }
            return n;
        }
    }
}

internal sealed class RegexFunction : JsonataFunction
{
    public required Regex Regex { get; init; }
    public required string Source { get; init; }
    public int Position { get; init; }
    public override int Arity => 1;
}
