using System.Collections.Frozen;
using Serverless.Core.Jsonata.Functions;
using Serverless.Core.Jsonata.Values;

namespace Serverless.Core.Jsonata;

/// <summary>
/// The functions visible to expressions: the built-in library plus functions registered from C#.
/// Build one at start-up, register extension functions, then share it (it is read-only once
/// <see cref="Freeze"/> has been called, and safe for concurrent evaluations).
/// </summary>
public sealed class JsonataFunctionRegistry
{
    private readonly Dictionary<string, JsonataFunction> _functions;
    private FrozenDictionary<string, JsonataFunction>? _frozen;

    /// <summary>The built-in library alone, shared.</summary>
    public static JsonataFunctionRegistry Default { get; } = CreateDefault();

    /// <summary>Creates a registry holding the built-in library.</summary>
    public JsonataFunctionRegistry()
    {
        _functions = new Dictionary<string, JsonataFunction>(StringComparer.Ordinal);
        BuiltinFunctions.RegisterAll(this);
    }

    private static JsonataFunctionRegistry CreateDefault()
    {
        var registry = new JsonataFunctionRegistry();
        registry.Freeze();
        return registry;
    }

    /// <summary>
    /// Registers (or replaces) a function callable as <c>$name(...)</c>.
    /// </summary>
    /// <param name="name">Name without the leading '$'.</param>
    /// <param name="signature">JSONata signature, e.g. <c>&lt;xo:x&gt;</c>; arguments are validated against it (T0410/T0411/T0412).</param>
    /// <param name="body">Receives the validated arguments as JSONata values (C# null = undefined, <see cref="JsonataNull"/>, double, string, bool, <see cref="JsonataArray"/>, <see cref="JsonataObject"/>, <see cref="JsonataFunction"/>).</param>
    public JsonataFunctionRegistry Register(string name, string? signature, JsonataNativeFunction body)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(body);
        if (_frozen is not null)
        {
            throw new InvalidOperationException("The function registry is frozen; register functions before sharing it.");
        }
        var arity = signature is null ? 1 : Evaluation.Signature.Parse(signature).ParameterCount;
        _functions[name] = new NativeFunction(name, signature, arity, body);
        return this;
    }

    internal void Add(string name, string? signature, int arity, JsonataNativeFunction body, TextFunction? onText = null) =>
        _functions[name] = new NativeFunction(name, signature, arity, body) { OnText = onText };

    /// <summary>Makes the registry read-only and optimises lookups.</summary>
    public JsonataFunctionRegistry Freeze()
    {
        _frozen ??= _functions.ToFrozenDictionary(StringComparer.Ordinal);
        return this;
    }

    internal JsonataFunction? Find(string name)
    {
        if (_frozen is not null)
        {
            return _frozen.GetValueOrDefault(name);
        }
        lock (_functions)
        {
            return _functions.GetValueOrDefault(name);
        }
    }
}
