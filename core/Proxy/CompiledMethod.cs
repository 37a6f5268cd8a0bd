using Serverless.Core.Auth;
using Serverless.Core.Config;
using Serverless.Core.Pagination;
using Serverless.Core.Templating;

namespace Serverless.Core.Proxy;

/// <summary>
/// One resource method with everything a call needs parsed once: the URL template (base URL + path, or
/// a full-URL path), header and query templates already merged integration → method (a <c>null</c>
/// keeps its meaning: remove), body, formats, paginator and the authorization per credential format.
/// </summary>
public sealed class CompiledMethod
{
    public required string Resource { get; init; }

    public required string Name { get; init; }

    public required HttpMethod HttpMethod { get; init; }

    public required PlaceholderTemplate Url { get; init; }

    public required JsonTemplate Headers { get; init; }

    public required JsonTemplate Query { get; init; }

    /// <summary>The method's body template; <c>null</c> forwards the caller's body.</summary>
    public JsonTemplate? Body { get; init; }

    public BodyFormat BodyFormat { get; init; }

    public QueryArrayFormat QueryArrayFormat { get; init; }

    public string? ResponsePath { get; init; }

    public IPaginator? Paginator { get; init; }

    public bool NoAuth { get; init; }

    /// <summary>Credential format (the account's authentication method) → authorization; a missing key means none.</summary>
    public required IReadOnlyDictionary<string, RequestAuthorization?> Authorizations { get; init; }

    public TimeSpan Timeout { get; init; }

    /// <summary><c>error_expression</c> (the method's replaces the integration's) and <c>rate_limit</c> expressions.</summary>
    public ResponseExpressions Responses { get; init; } = ResponseExpressions.None;

    /// <summary>Why this build cannot run the method (a feature needing an engine not wired yet); <c>null</c> when it can.</summary>
    public string? Unsupported { get; init; }

    public RequestAuthorization? AuthorizationFor(string authenticationMethod) =>
        NoAuth ? null
        : Authorizations.TryGetValue(authenticationMethod, out var authorization) ? authorization
        : Authorizations.GetValueOrDefault("");
}
