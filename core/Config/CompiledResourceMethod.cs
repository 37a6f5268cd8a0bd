using System.Text.Json.Nodes;
using Serverless.Core.Templating;

namespace Serverless.Core.Config;

/// <summary>
/// A resource method with the integration-level settings folded in and every template parsed, ready for
/// the proxy's hot path. Nothing here is resolved: resolve the templates against a request's scope.
/// </summary>
public sealed class CompiledResourceMethod
{
    internal CompiledResourceMethod(string resource, string name, ResourceMethodConfig config, IntegrationConfig integration)
    {
        Resource = resource;
        Name = name;
        Config = config;
        Method = config.Method;

        var baseUrl = config.BaseUrl ?? integration.BaseUrl;
        BaseUrl = baseUrl is null ? null : PlaceholderTemplate.Parse(baseUrl);
        Path = PlaceholderTemplate.Parse(config.Path);

        (Headers, RemovedHeaders) = Layer(integration.Headers, config.Headers, StringComparer.OrdinalIgnoreCase);
        (Query, _) = Layer(integration.Query, config.Query, StringComparer.Ordinal);
        Body = config.Body is null ? null : JsonTemplate.Compile(config.Body);

        BodyFormat = config.BodyFormat ?? integration.BodyFormat ?? Serverless.Core.Config.BodyFormat.Json;
        QueryArrayFormat = config.QueryArrayFormat ?? integration.QueryArrayFormat;
        Pagination = config.Pagination switch
        {
            DisabledPagination => null,
            null => integration.Pagination,
            var own => own,
        };
        Authorization = config.NoAuth ? null : config.Authorization ?? integration.Authorization;
        ErrorExpression = config.ErrorExpression ?? integration.ErrorExpression;
        RateLimit = config.RateLimit ?? integration.RateLimit;
    }

    public string Resource { get; }

    /// <summary>The method's name in the config (<c>list</c>, <c>get</c> ... or a custom one).</summary>
    public string Name { get; }

    /// <summary>The method exactly as configured.</summary>
    public ResourceMethodConfig Config { get; }

    public RequestMethod Method { get; }

    /// <summary>The method's <c>base_url</c>, else the integration's; <c>null</c> when neither is set (the path must then be a full URL).</summary>
    public PlaceholderTemplate? BaseUrl { get; }

    public PlaceholderTemplate Path { get; }

    /// <summary>Integration headers overlaid by the method's (names compared case-insensitively); headers set to <c>null</c> are left out.</summary>
    public JsonTemplate Headers { get; }

    /// <summary>Header names set to <c>null</c> at either level: they must not be sent, not even by authorization.</summary>
    public IReadOnlySet<string> RemovedHeaders { get; }

    /// <summary>Integration query overlaid by the method's; parameters set to <c>null</c> are left out.</summary>
    public JsonTemplate Query { get; }

    public JsonTemplate? Body { get; }

    public BodyFormat BodyFormat { get; }

    public QueryArrayFormat? QueryArrayFormat { get; }

    /// <summary>The effective pagination; <c>null</c> when the method does not paginate.</summary>
    public PaginationDefinition? Pagination { get; }

    /// <summary>The effective authorization; <c>null</c> with <c>no_auth</c> or when none is configured (apply the credential defaults, SPEC §2.4, unless <see cref="ResourceMethodConfig.NoAuth"/>).</summary>
    public AuthorizationDefinition? Authorization { get; }

    public string? ErrorExpression { get; }

    public RateLimitConfig? RateLimit { get; }

    private static (JsonTemplate Template, IReadOnlySet<string> Removed) Layer(JsonObject? first, JsonObject? second, StringComparer comparer)
    {
        var merged = new Dictionary<string, JsonNode?>(comparer);
        var order = new List<string>();
        var removed = new HashSet<string>(comparer);
        foreach (var layer in new[] { first, second })
        {
            if (layer is null)
            {
                continue;
            }

            foreach (var (key, value) in layer)
            {
                if (!merged.ContainsKey(key))
                {
                    order.Add(key);
                }
                else
                {
                    // The later layer's spelling of the name wins.
                    order[order.FindIndex(k => comparer.Equals(k, key))] = key;
                }

                merged[key] = value;
                if (value is null)
                {
                    removed.Add(key);
                }
                else
                {
                    removed.Remove(key);
                }
            }
        }

        var result = new JsonObject();
        foreach (var key in order)
        {
            if (merged[key] is { } value)
            {
                result[key] = value.DeepClone();
            }
        }

        return (JsonTemplate.Compile(result), removed);
    }
}
