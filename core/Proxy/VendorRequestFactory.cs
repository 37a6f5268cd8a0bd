using System.Text.Json.Nodes;
using Serverless.Core.Auth;
using Serverless.Core.Config;
using Serverless.Core.Errors;
using Serverless.Core.Http;
using Serverless.Core.Integrations;
using Serverless.Core.Pagination;
using Serverless.Core.Templating;

namespace Serverless.Core.Proxy;

/// <summary>
/// Builds the vendor request of a call (SPEC §2.3): URL from the compiled template, headers integration →
/// method → auth, query integration → method → caller → pagination, body from the method's template or
/// the caller's body. Values resolving to <c>null</c> or undefined remove their header or parameter.
/// </summary>
internal static class VendorRequestFactory
{
    private static readonly Dictionary<string, JsonNode?> EmptyRoots = [];

    /// <param name="context">The account context the request is built from (with a fresh OAuth token, say).</param>
    /// <param name="page">The pagination state of a list call's page; <c>null</c> otherwise.</param>
    public static OutboundRequest Build(ProxyCall call, JsonObject context, PaginationState? page)
    {
        var source = call.Request;
        var pagination = page is null ? null : source.Paginator?.Placeholders(page) ?? page.Values;
        var scope = ProxyTemplateScope.Create(context, call.Account.EnvironmentVariables, call.CallerQuery, call.CallerBody, call.Id, pagination);
        foreach (var (name, value) in call.ScopeRoots ?? EmptyRoots) scope.With(name, value);
        var url = ResolveUrl(source, scope);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ApiException(400, $"{source.Label}: the request URL does not resolve to an absolute http(s) URL (check base_url and path)");
        }

        var request = new OutboundRequest
        {
            Method = source.HttpMethod,
            Url = url,
            QueryArrayFormat = source.QueryArrayFormat ?? QueryArrayFormat.Comma,
            BodyFormat = source.BodyFormat,
        };
        if (source.Headers.ResolveNode(scope) is JsonObject headers)
        {
            foreach (var (name, value) in headers)
            {
                if (value is JsonValue scalar) request.Headers[name] = QueryStringWriter.Scalar(scalar);
            }
        }
        var query = source.Query.ResolveNode(scope) as JsonObject ?? [];
        foreach (var (name, value) in call.CallerQuery) query[name] = value?.DeepClone();
        request.Query = query;
        request.Body = source.Body is { } body ? body.ResolveNode(scope) : call.CallerBody?.DeepClone();

        if (page is not null) source.Paginator?.Apply(request, page);
        try
        {
            source.AuthorizationFor(call.Account.AuthenticationMethod)?.Apply(request, scope, context);
        }
        catch (AuthorizationException exception)
        {
            throw new ApiException(502, exception.Message);
        }
        // A header set to null in the config is never sent, not even by the authorization.
        foreach (var removed in source.RemovedHeaders) request.Headers.Remove(removed);
        return request;
    }

    /// <summary>Base URL + path; a path that is a full URL wins.</summary>
    private static string ResolveUrl(CompiledRequest source, ITemplateScope scope)
    {
        var path = source.Path.ResolveString(scope) ?? "";
        if (path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) return path;
        var baseUrl = source.BaseUrl?.ResolveString(scope) ?? "";
        return path.Length == 0 ? baseUrl : baseUrl.TrimEnd('/') + "/" + path.TrimStart('/');
    }
}
