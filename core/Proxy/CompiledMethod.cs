using Serverless.Core.Auth;
using Serverless.Core.Config;
using Serverless.Core.Pagination;

namespace Serverless.Core.Proxy;

/// <summary>
/// One resource method with everything a call needs prepared once: the config model's compiled
/// templates (<see cref="Source"/>), the paginator, the authorization per credential format and the
/// response expressions.
/// </summary>
public sealed class CompiledMethod
{
    public required string Resource { get; init; }

    public required string Name { get; init; }

    public required HttpMethod HttpMethod { get; init; }

    /// <summary>The method as the config model compiled it: URL, header, query and body templates, formats.</summary>
    public required CompiledResourceMethod Source { get; init; }

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
