using System.Globalization;
using System.Text.Json.Nodes;

namespace Serverless.Core.Auth;

/// <summary>
/// An OAuth2 token set as the account context holds it under <c>oauth.token</c>
/// (<c>access_token, refresh_token, expires_at, token_type, scope</c>).
/// </summary>
public sealed record OAuthToken(string AccessToken, string? RefreshToken, DateTimeOffset? ExpiresAt, string? TokenType, string? Scope)
{
    /// <summary>Proactive refresh window: a token this close to expiry is refreshed before use.</summary>
    public static readonly TimeSpan RefreshWindow = TimeSpan.FromSeconds(60);

    public bool IsDueForRefresh(DateTimeOffset now) => ExpiresAt is { } expiresAt && expiresAt - now <= RefreshWindow;

    public JsonObject ToJson() => new()
    {
        ["access_token"] = AccessToken,
        ["refresh_token"] = RefreshToken,
        ["expires_at"] = ExpiresAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["token_type"] = TokenType,
        ["scope"] = Scope,
    };

    /// <summary>Reads <c>oauth.token</c> of a context; <c>null</c> when there is no access token.</summary>
    public static OAuthToken? FromJson(JsonNode? token)
    {
        if (token is not JsonObject obj || Text(obj, "access_token") is not { } accessToken) return null;
        var expiresAt = Text(obj, "expires_at") is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : (DateTimeOffset?)null;
        return new OAuthToken(accessToken, Text(obj, "refresh_token"), expiresAt, Text(obj, "token_type"), Text(obj, "scope"));
    }

    private static string? Text(JsonObject obj, string key) =>
        obj.TryGetPropertyValue(key, out var value) && value is JsonValue scalar && scalar.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    /// <summary>Hides the token values from logs and exception messages.</summary>
    public override string ToString() => $"OAuthToken {{ ExpiresAt = {ExpiresAt:O}, TokenType = {TokenType}, Scope = {Scope} }}";
}
