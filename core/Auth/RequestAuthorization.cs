using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Http;
using Serverless.Core.Jsonata;
using Serverless.Core.Templating;

namespace Serverless.Core.Auth;

/// <summary>
/// A compiled <c>authorization</c> config (SPEC §2.4) that puts credentials on a request, resolving its
/// templates against the request's scope (the account context at the top level).
/// </summary>
public abstract class RequestAuthorization
{
    /// <summary>The default template of an OAuth2 bearer token: the account's current access token.</summary>
    public const string OAuthAccessToken = "{{oauth.token.access_token}}";

    /// <summary>The default template of an API key: the context's <c>api_key</c>.</summary>
    public const string ApiKey = "{{api_key}}";

    /// <param name="context">The account context (with the current OAuth token), for expressions.</param>
    public abstract void Apply(OutboundRequest request, ITemplateScope scope, JsonObject context);

    /// <summary>
    /// The authorization of a method: its own, else the integration's, else the default of the account's
    /// credential format (OAuth → bearer access token, api_key → bearer <c>{{api_key}}</c>); <c>null</c> for none.
    /// </summary>
    /// <exception cref="JsonataException">A header <c>expression</c> that does not compile.</exception>
    public static RequestAuthorization? Compile(AuthorizationDefinition? definition, string? credentialFormat) => definition switch
    {
        BearerAuthorization { Config.Token: { } token } => new BearerTokenAuthorization(PlaceholderTemplate.Parse(token)),
        BearerAuthorization => DefaultToken(credentialFormat) is { } token ? new BearerTokenAuthorization(PlaceholderTemplate.Parse(token)) : null,
        BasicAuthorization { Config: var basic } => new BasicCredentialsAuthorization(
            PlaceholderTemplate.Parse(basic.Username ?? "{{username:undefined}}"), PlaceholderTemplate.Parse(basic.Password ?? "{{password:undefined}}")),
        HeaderAuthorization { Config: { Expression: { } expression } header } => new ExpressionAuthorization(
            header.Headers is null ? null : new HeaderMapAuthorization(header.Headers), JsonataExpression.Compile(expression)),
        HeaderAuthorization { Config: var header } => new HeaderMapAuthorization(header.Headers ?? new Dictionary<string, string?>()),
        null => DefaultToken(credentialFormat) is { } token ? new BearerTokenAuthorization(PlaceholderTemplate.Parse(token)) : null,
        _ => throw new NotSupportedException($"authorization format '{definition.Format}' is not supported"),
    };

    private static string? DefaultToken(string? credentialFormat) => credentialFormat switch
    {
        "oauth2" or "oauth2_client_credentials" => OAuthAccessToken,
        "api_key" => ApiKey,
        _ => null,
    };
}
