namespace Serverless.Core.Jsonata.Extensions;

/// <summary>
/// Truto's extension functions (SPEC §2.2) on top of the JSONata built-ins: value mapping and cleaning,
/// hashing/signing, dates, URLs and lodash-like collection helpers. Documented in docs/jsonata.md.
/// </summary>
internal static class TrutoJsonataFunctions
{
    /// <summary>Adds every extension function to <paramref name="registry"/> (which must not be frozen yet).</summary>
    public static JsonataFunctionRegistry Register(JsonataFunctionRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ValueFunctions.Register(registry);
        EncodingFunctions.Register(registry);
        DateFunctions.Register(registry);
        UrlFunctions.Register(registry);
        CollectionFunctions.Register(registry);
        return registry;
    }

    /// <summary>A frozen registry holding the built-ins plus the extension functions.</summary>
    public static JsonataFunctionRegistry CreateRegistry() => Register(new JsonataFunctionRegistry()).Freeze();
}
