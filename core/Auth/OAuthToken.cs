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

    /// <summary>Whether the token expires within <see cref="RefreshWindow"/> of <paramref name="now"/> (never when it has no expiry).</summary>
    public bool IsDueForRefresh(DateTimeOffset now) => ExpiresAt is { } expiresAt && expiresAt - now <= RefreshWindow;

    /// <summary>The token as the account context holds it, <c>expires_at</c> as ISO 8601 UTC.</summary>
    public JsonObject ToJson() => new()
    {
        ["access_token"] = AccessToken,
        ["refresh_token"] = RefreshToken,
        ["expires_at"] = ExpiresAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["token_type"] = TokenType,
        ["scope"] = Scope,
    };

    /// <summary>A copy of an account <paramref name="context"/> holding this token as <c>oauth.token</c>.</summary>
    public JsonObject InContext(JsonObject context)
    {
        var copy = (JsonObject)context.DeepClone();
        if (copy["oauth"] is not JsonObject oauth) copy["oauth"] = oauth = [];
        oauth["token"] = ToJson();
        return copy;
    }

    /// <summary>Reads <c>oauth.token</c> of a context; <c>null</c> when there is no access token.</summary>
    public static OAuthToken? FromJson(JsonNode? token)
    {
        if (token is not JsonObject obj || Text(obj, "access_token") is not { } accessToken) return null;
        var expiresAt = Text(obj, "expires_at") is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : (DateTimeOffset?)null;
        return new OAuthToken(accessToken, Text(obj, "refresh_token"), expiresAt, Text(obj, "token_type"), Text(obj, "scope"));
    }

    /// <summary>
    /// A token endpoint's answer (RFC 6749 §5.1) as a token set: <c>expires_in</c> (number or numeric string)
    /// or else <paramref name="defaultLifetime"/>; a missing <c>refresh_token</c>, <c>token_type</c> or
    /// <c>scope</c> keeps <paramref name="current"/>'s.
    /// </summary>
    public static OAuthToken FromTokenResponse(JsonObject body, TimeSpan? defaultLifetime, OAuthToken? current, DateTimeOffset now)
    {
        var expiresIn = body["expires_in"] switch
        {
            JsonValue v when v.TryGetValue<double>(out var n) => n,
            JsonValue v when v.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => n,
            _ => defaultLifetime?.TotalSeconds,
        };
        return new OAuthToken(
            body["access_token"]!.ToString(),
            body["refresh_token"] is JsonValue refresh ? refresh.ToString() : current?.RefreshToken,
            expiresIn is { } seconds ? now.AddSeconds(seconds) : null,
            (string?)(body["token_type"] as JsonValue) ?? current?.TokenType,
            (string?)(body["scope"] as JsonValue) ?? current?.Scope);
    }

    private static string? Text(JsonObject obj, string key) =>
        obj.TryGetPropertyValue(key, out var value) && value is JsonValue scalar && scalar.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    /// <summary>Hides the token values from logs and exception messages.</summary>
    public override string ToString() => $"OAuthToken {{ ExpiresAt = {ExpiresAt:O}, TokenType = {TokenType}, Scope = {Scope} }}";
}
