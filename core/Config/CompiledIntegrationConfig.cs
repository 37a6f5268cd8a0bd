using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace Serverless.Core.Config;

/// <summary>
/// A validated config with every resource method compiled once (<see cref="CompiledResourceMethod"/>).
/// Build one per merged config (integration + environment override) and cache it with that config.
/// </summary>
public sealed class CompiledIntegrationConfig
{
    private readonly Dictionary<string, Dictionary<string, CompiledResourceMethod>> _resources;

    private CompiledIntegrationConfig(ParsedIntegrationConfig source)
    {
        Source = source;
        _resources = new(StringComparer.Ordinal);
        foreach (var (resource, methods) in source.Model.Resources)
        {
            var compiled = new Dictionary<string, CompiledResourceMethod>(StringComparer.Ordinal);
            foreach (var (name, method) in methods)
            {
                compiled[name] = new CompiledResourceMethod(resource, name, method, source.Model);
            }

            _resources[resource] = compiled;
        }
    }

    public ParsedIntegrationConfig Source { get; }

    public IntegrationConfig Model => Source.Model;

    /// <summary>The config as JSON; read-only.</summary>
    public JsonObject Raw => Source.Raw;

    public static CompiledIntegrationConfig Compile(ParsedIntegrationConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new CompiledIntegrationConfig(config);
    }

    public bool HasResource(string resource) => _resources.ContainsKey(resource);

    public bool TryGetMethod(string resource, string method, [NotNullWhen(true)] out CompiledResourceMethod? compiled)
    {
        compiled = null;
        return _resources.TryGetValue(resource, out var methods) && methods.TryGetValue(method, out compiled);
    }

    /// <summary>The method names of a resource (empty for an unknown resource).</summary>
    public IReadOnlyCollection<string> MethodsOf(string resource) =>
        _resources.TryGetValue(resource, out var methods) ? methods.Keys : [];
}
