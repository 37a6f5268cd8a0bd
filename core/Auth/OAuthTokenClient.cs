using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Http;

namespace Serverless.Core.Auth;

/// <summary>
/// Calls an OAuth2 token endpoint (RFC 6749 §4.1.3, §4.4, §6): client authentication in a basic
/// header or the body, form or JSON bodies, extra token/refresh parameters.
/// </summary>
public sealed class OAuthTokenClient(HttpClient client, TimeProvider time)
{
    /// <summary>Gets a token with the client credentials grant (RFC 6749 §4.4).</summary>
    public Task<OAuthToken> ClientCredentialsAsync(OAuthClientSettings settings, CancellationToken cancellationToken) =>
        RequestAsync(settings, settings.TokenUrl, Fields(("grant_type", "client_credentials"), ("scope", settings.Scope)), settings.TokenParams, null, cancellationToken);

    /// <summary>Exchanges an authorization code for a token (RFC 6749 §4.1.3), with the PKCE <paramref name="codeVerifier"/> when one was used.</summary>
    public Task<OAuthToken> ExchangeCodeAsync(OAuthClientSettings settings, string code, string redirectUri, string? codeVerifier, CancellationToken cancellationToken) =>
        RequestAsync(settings, settings.TokenUrl,
            Fields(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectUri), ("code_verifier", codeVerifier)),
            settings.TokenParams, null, cancellationToken);

    /// <summary>A refresh answer without <c>refresh_token</c> keeps <paramref name="current"/>'s.</summary>
    public Task<OAuthToken> RefreshAsync(OAuthClientSettings settings, OAuthToken current, CancellationToken cancellationToken) =>
        current.RefreshToken is not { } refreshToken
            ? throw new OAuthTokenException("the account has no refresh token; it must be authorized again", 400, "invalid_grant")
            : RequestAsync(settings, settings.RefreshUrl, Fields(("grant_type", "refresh_token"), ("refresh_token", refreshToken)), settings.RefreshParams, current, cancellationToken);

    private static JsonObject Fields(params (string Key, string? Value)[] fields)
    {
        var result = new JsonObject();
        foreach (var (key, value) in fields) if (value is not null) result[key] = value;
        return result;
    }

    private async Task<OAuthToken> RequestAsync(
        OAuthClientSettings settings, string url, JsonObject fields, JsonObject? extra, OAuthToken? current, CancellationToken cancellationToken)
    {
        if (extra is not null) foreach (var (key, value) in extra) fields[key] = value?.DeepClone();
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (settings.AuthorizationMethod == OAuth2AuthorizationMethod.Header)
        {
            // RFC 6749 §2.3.1: id and secret are form-encoded before being joined.
            var pair = $"{Uri.EscapeDataString(settings.ClientId)}:{Uri.EscapeDataString(settings.ClientSecret ?? "")}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        }
        else
        {
            fields["client_id"] = settings.ClientId;
            if (settings.ClientSecret is not null) fields["client_secret"] = settings.ClientSecret;
        }
        request.Content = settings.BodyFormat == OAuth2BodyFormat.Json
            ? new StringContent(fields.ToJsonString(), Encoding.UTF8, "application/json")
            : new StringContent(QueryStringWriter.Write(fields, QueryArrayFormat.Comma), Encoding.UTF8, "application/x-www-form-urlencoded");

        HttpResponseMessage response;
        string text;
        try
        {
            response = await client.SendAsync(request, cancellationToken);
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new OAuthTokenException($"the token endpoint {new Uri(url).Authority} could not be reached: {exception.Message}", null, null);
        }
        using (response)
        {
            // Some servers answer form-encoded: read it as a form when it is not JSON.
            var body = VendorJson.TryParse(text) as JsonObject ?? FormBody(text);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode || body?["access_token"] is null)
            {
                var error = (string?)(body?["error"] as JsonValue);
                var description = (string?)(body?["error_description"] as JsonValue);
                throw new OAuthTokenException(
                    $"the token endpoint answered {status}{(error is null ? "" : ": " + error)}{(description is null ? "" : " (" + description + ")")}",
                    response.IsSuccessStatusCode ? 502 : status, error);
            }
            return OAuthToken.FromTokenResponse(body, settings.TokenExpiryDuration, current, time.GetUtcNow());
        }
    }

    private static JsonObject? FormBody(string text)
    {
        if (!text.Contains('=', StringComparison.Ordinal)) return null;
        var result = new JsonObject();
        foreach (var pair in text.Split('&'))
        {
            var equals = pair.IndexOf('=');
            if (equals > 0) result[Uri.UnescapeDataString(pair[..equals])] = Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
        }
        return result;
    }
}
