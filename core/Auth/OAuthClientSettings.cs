using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Templating;

namespace Serverless.Core.Auth;

/// <summary>
/// An OAuth2 client as the token endpoint sees it, with every placeholder already resolved
/// (client id/secret often come from environment variables).
/// </summary>
public sealed record OAuthClientSettings(
    string TokenUrl,
    string RefreshUrl,
    string ClientId,
    string? ClientSecret,
    OAuth2AuthorizationMethod AuthorizationMethod,
    OAuth2BodyFormat BodyFormat,
    string? Scope,
    JsonObject? TokenParams,
    JsonObject? RefreshParams,
    TimeSpan? TokenExpiryDuration)
{
    /// <summary>
    /// Resolves a credential definition's placeholders (client id/secret, params) against <paramref name="scope"/>.
    /// When the definition collects <c>client_id</c>/<c>client_secret</c> fields at connect time, the account's
    /// values (in <paramref name="accountContext"/>) are the client: the customer's own app.
    /// </summary>
    public static OAuthClientSettings From(OAuth2CredentialOptions options, ITemplateScope scope, JsonObject? accountContext = null)
    {
        string? Resolve(string? text) => text is null ? null : PlaceholderTemplate.Parse(text).ResolveString(scope);
        var tokenHost = Resolve(options.Auth.TokenHost);
        var tokenUrl = Url(tokenHost, Resolve(options.Auth.TokenPath) ?? "/oauth/token");
        return new OAuthClientSettings(
            tokenUrl,
            options.Auth.RefreshPath is { } refreshPath ? Url(tokenHost, Resolve(refreshPath) ?? refreshPath) : tokenUrl,
            FieldValue(options, accountContext, "client_id") ?? Resolve(options.Client.Id) ?? "",
            FieldValue(options, accountContext, "client_secret") ?? Resolve(options.Client.Secret),
            options.Options.AuthorizationMethod,
            options.Options.BodyFormat,
            JoinScopes(options.Scope, options.Options.ScopeSeparator),
            options.TokenParams is null ? null : JsonTemplate.Compile(options.TokenParams).ResolveNode(scope) as JsonObject,
            options.RefreshParams is null ? null : JsonTemplate.Compile(options.RefreshParams).ResolveNode(scope) as JsonObject,
            options.TokenExpiryDuration is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
    }

    private static string? FieldValue(OAuth2CredentialOptions options, JsonObject? context, string name) =>
        options.Fields.Any(field => field.Name == name) && context?[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    /// <summary>Joins a config's host and path (<c>tokenHost</c> + <c>tokenPath</c>); a full-URL path wins.</summary>
    public static string Url(string? host, string path) =>
        IsHttpUrl(path) || host is null ? path : host.TrimEnd('/') + "/" + path.TrimStart('/');

    /// <summary>Only http(s): on Unix "/oauth/token" also parses as an absolute (file) URI.</summary>
    private static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    /// <summary>The scopes joined with <paramref name="separator"/>, or null when there are none (the parameter is then left out).</summary>
    public static string? JoinScopes(IReadOnlyList<string> scopes, string separator) =>
        scopes.Count == 0 ? null : string.Join(separator, scopes);

    /// <summary>Hides the client secret from logs and exception messages.</summary>
    public override string ToString() => $"OAuthClientSettings {{ TokenUrl = {TokenUrl}, ClientId = {ClientId} }}";
}
