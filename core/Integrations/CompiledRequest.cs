using System.Text.Json.Nodes;
using Serverless.Core.Auth;
using Serverless.Core.Config;
using Serverless.Core.Jsonata;
using Serverless.Core.Pagination;
using Serverless.Core.Templating;

namespace Serverless.Core.Integrations;

/// <summary>What a request answers its caller: the list envelope, <c>{id}</c> for a delete, or the vendor's body.</summary>
public enum ResponseShape
{
    /// <summary>The vendor's body as it came (get, create, update, custom methods and actions).</summary>
    Body,
    /// <summary><c>list</c>: the records with a cursor for the next page.</summary>
    List,
    /// <summary><c>delete</c>: the deleted record's <c>{id}</c>.</summary>
    Deleted,
}

/// <summary>
/// One request of an integration, a resource method or an action's request, with the integration-level settings
/// folded in and everything a call needs prepared once: templates parsed, paginator, authorization per credential
/// format, error and rate-limit expressions. Nothing here is resolved: the proxy resolves the templates against a
/// call's scope. A request that cannot run (a feature this build lacks, an expression that does not compile) says
/// why in <see cref="Unsupported"/> instead of failing the whole config.
/// </summary>
public sealed class CompiledRequest
{
    /// <summary>The timeout of a request whose integration sets no <c>timeout_ms</c>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, RequestAuthorization?> _authorizations = new(StringComparer.Ordinal);

    private CompiledRequest(Source source, IntegrationConfig integration)
    {
        Label = source.Label;
        Method = source.Method;
        HttpMethod = HttpMethod.Parse(source.Method.ToString());
        Shape = source.Shape;
        NoAuth = source.NoAuth;
        ResponsePath = source.ResponsePath;

        var baseUrl = source.BaseUrl ?? integration.BaseUrl;
        BaseUrl = baseUrl is null ? null : PlaceholderTemplate.Parse(baseUrl);
        Path = PlaceholderTemplate.Parse(source.Path);
        (Headers, RemovedHeaders) = Layer(integration.Headers, source.Headers, StringComparer.OrdinalIgnoreCase);
        (Query, _) = Layer(integration.Query, source.Query, StringComparer.Ordinal);
        Body = source.Body is null ? null : JsonTemplate.Compile(source.Body);
        BodyFormat = source.BodyFormat ?? integration.BodyFormat ?? Config.BodyFormat.Json;
        QueryArrayFormat = source.QueryArrayFormat ?? integration.QueryArrayFormat;
        Pagination = source.Pagination;
        Authorization = source.Authorization;
        ErrorExpression = source.ErrorExpression;
        RateLimit = source.RateLimit;
        Timeout = integration.TimeoutMs is { } ms and > 0 ? TimeSpan.FromMilliseconds(ms) : DefaultTimeout;

        var unsupported = new List<string>();
        if (Shape == ResponseShape.List)
        {
            try
            {
                Paginator = PaginatorFactory.Create(Pagination);
            }
            catch (Exception exception) when (exception is NotSupportedException or JsonataException)
            {
                unsupported.Add($"the pagination cannot be compiled: {exception.Message}");
            }
        }

        try
        {
            Responses = ResponseExpressions.Compile(ErrorExpression, RateLimit);
        }
        catch (JsonataException exception)
        {
            Responses = ResponseExpressions.None;
            unsupported.Add($"an error_expression or rate_limit expression does not compile: {exception.Message}");
        }

        if (!NoAuth)
        {
            // One authorization per credential format the account may have chosen, and "" for an account without one.
            foreach (var format in (integration.Credentials?.Keys ?? []).Append(""))
            {
                try
                {
                    _authorizations[format] = RequestAuthorization.Compile(Authorization, format.Length == 0 ? integration.Credentials?.Values.FirstOrDefault()?.Format : format);
                }
                catch (Exception exception) when (exception is NotSupportedException or JsonataException)
                {
                    unsupported.Add($"the authorization cannot be compiled: {exception.Message}");
                    break;
                }
            }
        }

        Unsupported = unsupported.Count == 0 ? null : string.Join("; ", unsupported);
    }

    /// <summary>Where the request is in the config, for messages and logs: <c>contacts.list</c>, <c>actions.create_issue.steps[1]</c>.</summary>
    public string Label { get; }

    /// <summary>The configured HTTP method.</summary>
    public RequestMethod Method { get; }

    /// <summary><see cref="Method"/> as an <see cref="System.Net.Http.HttpMethod"/>.</summary>
    public HttpMethod HttpMethod { get; }

    /// <summary>What the request answers its caller.</summary>
    public ResponseShape Shape { get; }

    /// <summary>The request's <c>base_url</c>, else the integration's; <c>null</c> when neither is set (the path must then be a full URL).</summary>
    public PlaceholderTemplate? BaseUrl { get; }

    /// <summary>The templated path, or a full URL (an action's <c>url</c>), which wins over the base URL.</summary>
    public PlaceholderTemplate Path { get; }

    /// <summary>Integration headers overlaid by the request's (names compared case-insensitively); headers set to <c>null</c> are left out.</summary>
    public JsonTemplate Headers { get; }

    /// <summary>Header names set to <c>null</c> at either level: they must not be sent, not even by authorization.</summary>
    public IReadOnlySet<string> RemovedHeaders { get; }

    /// <summary>Integration query overlaid by the request's; parameters set to <c>null</c> are left out.</summary>
    public JsonTemplate Query { get; }

    /// <summary>The request's body template; <c>null</c> passes the caller's body on.</summary>
    public JsonTemplate? Body { get; }

    /// <summary>How the body is encoded: the request's, else the integration's, else JSON.</summary>
    public BodyFormat BodyFormat { get; }

    /// <summary>How array query values are written: the request's, else the integration's.</summary>
    public QueryArrayFormat? QueryArrayFormat { get; }

    /// <summary>Dotted path of the records (or the result) inside the vendor's body.</summary>
    public string? ResponsePath { get; }

    /// <summary>The effective pagination definition (the method's, else the integration's; <c>null</c> when switched off).</summary>
    public PaginationDefinition? Pagination { get; }

    /// <summary>The pagination of a <c>list</c> method, ready to run; <c>null</c> when it does not paginate.</summary>
    public IPaginator? Paginator { get; }

    /// <summary>The effective authorization definition; <c>null</c> with <c>no_auth</c> or when none is configured (the credential defaults apply, SPEC §2.4).</summary>
    public AuthorizationDefinition? Authorization { get; }

    /// <summary><c>no_auth</c>: nothing authorizes the request.</summary>
    public bool NoAuth { get; }

    /// <summary>The effective <c>error_expression</c> (the method's replaces the integration's).</summary>
    public string? ErrorExpression { get; }

    /// <summary>The effective rate-limit detection (the method's replaces the integration's).</summary>
    public RateLimitConfig? RateLimit { get; }

    /// <summary><see cref="ErrorExpression"/> and <see cref="RateLimit"/>, compiled.</summary>
    public ResponseExpressions Responses { get; }

    /// <summary>The integration's <c>timeout_ms</c>, else <see cref="DefaultTimeout"/>.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Why this build cannot run the request; <c>null</c> when it can.</summary>
    public string? Unsupported { get; }

    /// <summary>The authorization for an account that chose <paramref name="authenticationMethod"/> (a credential format); <c>null</c> for none.</summary>
    public RequestAuthorization? AuthorizationFor(string authenticationMethod) =>
        NoAuth ? null
        : _authorizations.TryGetValue(authenticationMethod, out var authorization) ? authorization
        : _authorizations.GetValueOrDefault("");

    /// <summary>A resource method: <c>list</c> pages, <c>delete</c> answers the id, anything else the vendor's body.</summary>
    internal static CompiledRequest ForResource(string resource, string name, ResourceMethodConfig method, IntegrationConfig integration) => new(
        new Source(
            $"{resource}.{name}", method.Method, method.BaseUrl, method.Path, method.Headers, method.Query, method.Body, method.BodyFormat,
            method.QueryArrayFormat, method.ResponsePath,
            Pagination: method.Pagination switch
            {
                DisabledPagination => null,
                null => integration.Pagination,
                var own => own,
            },
            Authorization: method.NoAuth ? null : method.Authorization ?? integration.Authorization,
            method.NoAuth,
            method.ErrorExpression ?? integration.ErrorExpression,
            method.RateLimit ?? integration.RateLimit,
            name switch
            {
                "list" => ResponseShape.List,
                "delete" => ResponseShape.Deleted,
                _ => ResponseShape.Body,
            }),
        integration);

    /// <summary>An action's request (its <c>config</c> or a request step): the integration's authorization and expressions apply; an absolute <c>url</c> wins over <c>path</c>.</summary>
    internal static CompiledRequest ForAction(string label, ActionRequestConfig request, IntegrationConfig integration) => new(
        new Source(
            label, request.Method, request.BaseUrl, request.Url ?? request.Path ?? "", request.Headers, request.Query, request.Body, request.BodyFormat,
            QueryArrayFormat: null, request.ResponsePath, Pagination: null, integration.Authorization, NoAuth: false,
            integration.ErrorExpression, integration.RateLimit, ResponseShape.Body),
        integration);

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

    /// <summary>What a resource method and an action request have in common, with the integration-level fallbacks already chosen where they differ.</summary>
    private readonly record struct Source(
        string Label, RequestMethod Method, string? BaseUrl, string Path, JsonObject? Headers, JsonObject? Query, JsonNode? Body,
        BodyFormat? BodyFormat, QueryArrayFormat? QueryArrayFormat, string? ResponsePath, PaginationDefinition? Pagination,
        AuthorizationDefinition? Authorization, bool NoAuth, string? ErrorExpression, RateLimitConfig? RateLimit, ResponseShape Shape);
}
