namespace Serverless.Core.Jsonata.Evaluation;

/// <summary>A variable scope. Lookups walk to the root, then fall back to the function registry.</summary>
internal sealed class Frame
{
    private readonly Frame? _parent;
    private readonly JsonataFunctionRegistry? _functions;
    private Dictionary<string, object?>? _vars;

    public Frame(Frame parent) => _parent = parent;

    public Frame(JsonataFunctionRegistry functions) => _functions = functions;

    public void Bind(string name, object? value) => (_vars ??= new(StringComparer.Ordinal))[name] = value;

    public object? Lookup(string name)
    {
        for (var f = this; f is not null; f = f._parent)
        {
            if (f._vars is not null && f._vars.TryGetValue(name, out var v))
            {
                return v;
            }
            if (f._functions is not null)
            {
                return f._functions.Find(name);
            }
        }
        return null;
    }
}
