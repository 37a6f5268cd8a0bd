using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Auth;
using Serverless.Core.Config;
using Serverless.Core.Jsonata;
using Serverless.Core.Pagination;
using Serverless.Core.Templating;

namespace Serverless.Core.Proxy;

/// <summary>
/// An integration config (already deep-merged with the environment override) compiled for the proxy:
/// every resource method prepared once, so calls never re-parse templates or options.
/// </summary>
public sealed class CompiledIntegration
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, Dictionary<string, CompiledMethod>> resources;

    private CompiledIntegration(IntegrationConfig model, Dictionary<string, Dictionary<string, CompiledMethod>> resources)
    {
        Model = model;
        this.resources = resources;
    }

    public IntegrationConfig Model { get; }

    public bool HasResource(string resource) => resources.ContainsKey(resource);

    public CompiledMethod? Find(string resource, string method) =>
        resources.TryGetValue(resource, out var methods) && methods.TryGetValue(method, out var compiled) ? compiled : null;

    public bool HasCustomMethod(string resource, string method) =>
        !ProxyRoute.IsStandard(method) && Find(resource, method) is not null;

    /// <exception cref="ProxyException">The config cannot be read as an integration config (400).</exception>
    public static CompiledIntegration Compile(JsonObject mergedConfig)
    {
        IntegrationConfig model;
        try
        {
            model = mergedConfig.Deserialize<IntegrationConfig>(ProxyConfigJson.Options) ?? new IntegrationConfig();
        }
        catch (JsonException exception)
        {
            throw new ProxyException(400, $"the integration config is invalid at {exception.Path ?? "$"}: {exception.Message}");
        }

        var resources = new Dictionary<string, Dictionary<string, CompiledMethod>>(StringComparer.Ordinal);
        foreach (var (resource, methods) in model.Resources)
        {
            var compiled = new Dictionary<string, CompiledMethod>(StringComparer.Ordinal);
            foreach (var (name, method) in methods) compiled[name] = CompileMethod(model, resource, name, method);
            resources[resource] = compiled;
        }
        return new CompiledIntegration(model, resources);
    }

    private static CompiledMethod CompileMethod(IntegrationConfig model, string resource, string name, ResourceMethodConfig method)
    {
        var unsupported = new List<string>();
        var pagination = method.Pagination ?? model.Pagination;
        IPaginator? paginator = null;
        if (name == "list")
        {
            try
            {
                paginator = PaginatorFactory.Create(pagination);
            }
            catch (Exception exception) when (exception is NotSupportedException or JsonataException)
            {
                unsupported.Add($"the pagination cannot be compiled: {exception.Message}");
            }
        }
        var responses = ResponseExpressions.None;
        try
        {
            responses = ResponseExpressions.Compile(method.ErrorExpression ?? model.ErrorExpression, method.RateLimit ?? model.RateLimit);
        }
        catch (JsonataException exception)
        {
            unsupported.Add($"an error_expression or rate_limit expression does not compile: {exception.Message}");
        }

        var authorizations = new Dictionary<string, RequestAuthorization?>(StringComparer.Ordinal);
        var definition = method.Authorization ?? model.Authorization;
        foreach (var format in (model.Credentials?.Keys ?? []).Append(""))
        {
            try
            {
                authorizations[format] = RequestAuthorization.Compile(definition, format.Length == 0 ? model.Credentials?.Values.FirstOrDefault()?.Format : format);
            }
            catch (Exception exception) when (exception is NotSupportedException or JsonataException)
            {
                unsupported.Add($"the authorization cannot be compiled: {exception.Message}");
                break;
            }
        }

        var baseUrl = method.BaseUrl ?? model.BaseUrl ?? "";
        var url = method.Path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || method.Path.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? method.Path
            : baseUrl.TrimEnd('/') + (method.Path.Length == 0 || method.Path.StartsWith('/') ? method.Path : "/" + method.Path);

        return new CompiledMethod
        {
            Resource = resource,
            Name = name,
            HttpMethod = HttpMethod.Parse(method.Method.ToString()),
            Url = PlaceholderTemplate.Parse(url),
            Headers = JsonTemplate.Compile(Layer(model.Headers, method.Headers, StringComparison.OrdinalIgnoreCase)),
            Query = JsonTemplate.Compile(Layer(model.Query, method.Query, StringComparison.Ordinal)),
            Body = method.Body is null ? null : JsonTemplate.Compile(method.Body),
            BodyFormat = method.BodyFormat ?? model.BodyFormat ?? BodyFormat.Json,
            QueryArrayFormat = method.QueryArrayFormat ?? model.QueryArrayFormat ?? QueryArrayFormat.Comma,
            ResponsePath = method.ResponsePath,
            Paginator = paginator,
            NoAuth = method.NoAuth,
            Authorizations = authorizations,
            Responses = responses,
            Timeout = model.TimeoutMs is { } ms and > 0 ? TimeSpan.FromMilliseconds(ms) : DefaultTimeout,
            Unsupported = unsupported.Count == 0 ? null : string.Join("; ", unsupported),
        };
    }

    /// <summary>Integration-level entries, then the method's over them; <c>null</c> values stay (they remove).</summary>
    private static JsonObject Layer(JsonObject? integration, JsonObject? method, StringComparison keyComparison)
    {
        var result = new JsonObject();
        foreach (var source in new[] { integration, method })
        {
            if (source is null) continue;
            foreach (var (key, value) in source)
            {
                // Header names are case-insensitive: a method's "authorization" replaces the integration's "Authorization".
                var existing = result.Select(pair => pair.Key).FirstOrDefault(k => string.Equals(k, key, keyComparison));
                if (existing is not null) result.Remove(existing);
                result[key] = value?.DeepClone();
            }
        }
        return result;
    }
}
