using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Serverless.Core.Jsonata.Evaluation;
using Serverless.Core.Jsonata.Parsing;
using Serverless.Core.Jsonata.Values;

namespace Serverless.Core.Jsonata;

/// <summary>
/// A compiled JSONata expression. Immutable and thread-safe: compile once (see
/// <see cref="JsonataExpressionCache"/>), evaluate many times.
/// </summary>
public sealed class JsonataExpression
{
    private readonly Node _ast;

    private JsonataExpression(string source, Node ast)
    {
        Source = source;
        _ast = ast;
    }

    /// <summary>The expression text.</summary>
    public string Source { get; }

    /// <summary>Parses <paramref name="source"/>; throws <see cref="JsonataException"/> on a syntax error.</summary>
    public static JsonataExpression Compile(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            return new JsonataExpression(source, Parser.Parse(source));
        }
        catch (InsufficientExecutionStackException)
        {
            throw new JsonataException("U1001", "Stack overflow error: expression is nested too deeply");
        }
    }

    /// <summary>Evaluates against a JSON element (<c>default(JsonElement)</c> means no input).</summary>
    public JsonataResult Evaluate(JsonElement input, IReadOnlyDictionary<string, object?>? bindings = null, JsonataEvaluationOptions? options = null) =>
        EvaluateValue(JsonValueReader.FromElement(input), bindings, options);

    /// <summary>Evaluates against a JSON node (C# null is JSON null).</summary>
    public JsonataResult Evaluate(JsonNode? input, IReadOnlyDictionary<string, object?>? bindings = null, JsonataEvaluationOptions? options = null) =>
        EvaluateValue(JsonValueReader.FromNode(input), bindings, options);

    /// <summary>Parses UTF-8 JSON text and evaluates against it.</summary>
    /// <remarks>Parts of the input the expression never touches are skipped, not converted.</remarks>
    public JsonataResult EvaluateJson(ReadOnlyMemory<byte> utf8Json, IReadOnlyDictionary<string, object?>? bindings = null, JsonataEvaluationOptions? options = null)
    {
        var result = EvaluateValue(ParseInput(utf8Json), bindings, options);
        // The result must not keep views into the caller's buffer.
        JsonValueReader.Detach(result.Value);
        return result;
    }

    private static object? ParseInput(ReadOnlyMemory<byte> utf8Json)
    {
        try
        {
            return JsonValueReader.ParseLazy(utf8Json);
        }
        catch (JsonException e)
        {
            throw new JsonataException("D0001", $"Input is not valid JSON: {e.Message}", inner: e);
        }
    }

    /// <summary>Parses JSON text and evaluates against it.</summary>
    public JsonataResult EvaluateJson(string json, IReadOnlyDictionary<string, object?>? bindings = null, JsonataEvaluationOptions? options = null) =>
        EvaluateValue(ParseInput(System.Text.Encoding.UTF8.GetBytes(json)), bindings, options);

    /// <summary>
    /// Evaluates against an input already in the engine's value model (see <see cref="JsonataResult.Value"/>;
    /// C# null = no input). Binding values may be JSON types, CLR primitives or <see cref="JsonataFunction"/>s.
    /// </summary>
    public JsonataResult EvaluateValue(object? input, IReadOnlyDictionary<string, object?>? bindings = null, JsonataEvaluationOptions? options = null)
    {
        options ??= JsonataEvaluationOptions.Default;
        var evaluator = new Evaluator(options.Functions, options.TimeLimit, options.MaxDepth);
        var env = new Frame(options.Functions);
        if (bindings is not null)
        {
            foreach (var kv in bindings)
            {
                env.Bind(kv.Key, kv.Value is JsonElement { ValueKind: JsonValueKind.Undefined } ? null : JsonValueReader.FromClr(kv.Value));
            }
        }
        env.Bind("$", input);
        if (input is JsonataArray { IsSequence: false } array)
        {
            var wrapped = JsonataArray.Sequence();
            wrapped.Add(array);
            wrapped.IsOuterWrapper = true;
            input = wrapped;
        }
        try
        {
            return new JsonataResult(evaluator.Evaluate(_ast, input, env));
        }
        catch (JsonataException)
        {
            throw;
        }
        catch (Exception e) when (e is InsufficientExecutionStackException or RegexMatchTimeoutException)
        {
            throw new JsonataException("U1001", "Evaluation exceeded its limits: " + e.Message, inner: e);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or ArgumentException or OverflowException or IndexOutOfRangeException or NullReferenceException)
        {
            throw new JsonataException("D1000", "Evaluation failed: " + e.Message, inner: e);
        }
    }

    /// <summary>Wraps a C# delegate as a function value that can be passed in bindings.</summary>
    public static JsonataFunction CreateFunction(string? signature, JsonataNativeFunction body) =>
        new NativeFunction("binding", signature, signature is null ? 1 : Signature.Parse(signature).ParameterCount, body);
}
