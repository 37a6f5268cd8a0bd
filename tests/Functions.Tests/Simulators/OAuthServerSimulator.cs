using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace Serverless.Functions.Tests.Simulators;

/// <summary>
/// An OAuth 2.0 authorization server (RFC 6749 + PKCE, RFC 7636). <c>/oauth/token</c> serves the
/// client_credentials, refresh_token (rotating) and authorization_code (S256 verified) grants, with
/// client authentication by basic header or body, and form or JSON bodies. <c>/oauth/authorize</c>
/// redirects back with a code and the state. Access tokens it issues are checked by resource
/// simulators through <see cref="SimulatorAuth.IssuedBy"/>.
/// </summary>
public sealed class OAuthServerSimulator : VendorSimulator
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _accessTokens = new();
    private readonly ConcurrentDictionary<string, byte> _refreshTokens = new();
    private readonly ConcurrentDictionary<string, AuthorizationCode> _codes = new();
    private int _tokenRequestCount;
    private int _sequence;

    public string ClientId { get; init; } = "simulated-client";

    public string ClientSecret { get; init; } = "simulated-client-secret";

    /// <summary><c>expires_in</c> of issued tokens; <c>null</c> leaves the field out of the response.</summary>
    public int? ExpiresInSeconds { get; set; } = 3600;

    /// <summary>When set, refresh responses leave out <c>refresh_token</c> (the old one stays valid).</summary>
    public bool OmitRefreshTokenOnRefresh { get; set; }

    /// <summary>When set, every refresh_token grant fails with <c>invalid_grant</c>.</summary>
    public bool FailRefreshes { get; set; }

    /// <summary>Fields added to every token response (Salesforce's <c>instance_url</c>, for one).</summary>
    public IDictionary<string, string> ExtraTokenFields { get; } = new ConcurrentDictionary<string, string>();

    public int TokenRequestCount => Volatile.Read(ref _tokenRequestCount);

    /// <summary>How the client authenticated on the last token request: <c>header</c> or <c>body</c>.</summary>
    public string? LastClientAuthentication { get; private set; }

    /// <summary>The form or JSON fields of the last token request (client secret included: test-only).</summary>
    public IReadOnlyDictionary<string, string> LastTokenRequest { get; private set; } = new Dictionary<string, string>();

    public bool IsValidAccessToken(string token) =>
        _accessTokens.TryGetValue(token, out var expiresAt) && expiresAt > DateTimeOffset.UtcNow;

    /// <summary>Makes every issued access token expired, as if time had passed.</summary>
    public void ExpireAccessTokens()
    {
        foreach (var token in _accessTokens.Keys) _accessTokens[token] = DateTimeOffset.MinValue;
    }

    /// <summary>Registers a refresh token as if an earlier authorization had issued it.</summary>
    public void AddRefreshToken(string token) => _refreshTokens[token] = 0;

    protected override bool IsPublic(HttpRequest request) => true;

    protected override void MapRoutes(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/oauth/authorize", (HttpRequest request) =>
        {
            var query = request.Query;
            if (query["response_type"] != "code" || query["client_id"] != ClientId || string.IsNullOrEmpty(query["redirect_uri"]))
            {
                return Json(new JsonObject { ["error"] = "invalid_request" }, 400);
            }
            var code = "code-" + Next();
            _codes[code] = new AuthorizationCode(query["redirect_uri"]!, query["code_challenge"], query["code_challenge_method"], query["scope"]);
            var target = QueryHelpers.AddQueryString(query["redirect_uri"]!, new Dictionary<string, string?> { ["code"] = code, ["state"] = query["state"] });
            return Results.Redirect(target);
        });
        routes.MapPost("/oauth/token", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref _tokenRequestCount);
            var fields = await ReadFieldsAsync(request);
            LastTokenRequest = fields ?? [];
            if (fields is null) return TokenError(400, "invalid_request", "unsupported body");
            if (!AuthenticateClient(request, fields)) return TokenError(401, "invalid_client", "client authentication failed");

            return fields.GetValueOrDefault("grant_type") switch
            {
                "client_credentials" => Issue(withRefreshToken: false, fields.GetValueOrDefault("scope")),
                "refresh_token" => Refresh(fields),
                "authorization_code" => Exchange(fields),
                _ => TokenError(400, "unsupported_grant_type", "grant_type not supported"),
            };
        });
    }

    private IResult Refresh(Dictionary<string, string> fields)
    {
        var presented = fields.GetValueOrDefault("refresh_token");
        if (FailRefreshes || presented is null || !_refreshTokens.ContainsKey(presented))
        {
            return TokenError(400, "invalid_grant", "The refresh token is invalid or expired");
        }
        if (OmitRefreshTokenOnRefresh) return Issue(withRefreshToken: false, fields.GetValueOrDefault("scope"));
        _refreshTokens.TryRemove(presented, out _);
        return Issue(withRefreshToken: true, fields.GetValueOrDefault("scope"));
    }

    private IResult Exchange(Dictionary<string, string> fields)
    {
        if (fields.GetValueOrDefault("code") is not { } code || !_codes.TryRemove(code, out var grant))
        {
            return TokenError(400, "invalid_grant", "unknown or used authorization code");
        }
        if (fields.GetValueOrDefault("redirect_uri") != grant.RedirectUri)
        {
            return TokenError(400, "invalid_grant", "redirect_uri mismatch");
        }
        if (grant.CodeChallenge is not null)
        {
            if (grant.CodeChallengeMethod != "S256" || fields.GetValueOrDefault("code_verifier") is not { } verifier
                || !SimulatorAuth.FixedTimeEquals(WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))), grant.CodeChallenge))
            {
                return TokenError(400, "invalid_grant", "PKCE verification failed");
            }
        }
        return Issue(withRefreshToken: true, grant.Scope);
    }

    private IResult Issue(bool withRefreshToken, string? scope)
    {
        var accessToken = "at-" + Next();
        _accessTokens[accessToken] = ExpiresInSeconds is { } seconds ? DateTimeOffset.UtcNow.AddSeconds(seconds) : DateTimeOffset.MaxValue;
        var body = new JsonObject { ["access_token"] = accessToken, ["token_type"] = "Bearer" };
        if (ExpiresInSeconds is { } expiresIn) body["expires_in"] = expiresIn;
        if (withRefreshToken)
        {
            var refreshToken = "rt-" + Next();
            _refreshTokens[refreshToken] = 0;
            body["refresh_token"] = refreshToken;
        }
        if (scope is not null) body["scope"] = scope;
        foreach (var (key, value) in ExtraTokenFields) body[key] = value;
        return Json(body);
    }

    private bool AuthenticateClient(HttpRequest request, Dictionary<string, string> fields)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            LastClientAuthentication = "header";
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            }
            catch (FormatException)
            {
                return false;
            }
            var separator = decoded.IndexOf(':');
            return separator > 0
                && Uri.UnescapeDataString(decoded[..separator]) == ClientId
                && SimulatorAuth.FixedTimeEquals(Uri.UnescapeDataString(decoded[(separator + 1)..]), ClientSecret);
        }
        LastClientAuthentication = "body";
        return fields.GetValueOrDefault("client_id") == ClientId
            && SimulatorAuth.FixedTimeEquals(fields.GetValueOrDefault("client_secret"), ClientSecret);
    }

    private static async Task<Dictionary<string, string>?> ReadFieldsAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            return form.ToDictionary(field => field.Key, field => field.Value.ToString());
        }
        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                var json = await JsonNode.ParseAsync(request.Body);
                return json is JsonObject body
                    ? body.Where(field => field.Value is not null).ToDictionary(field => field.Key, field => field.Value!.ToString())
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
        return null;
    }

    private string Next() => Interlocked.Increment(ref _sequence) + "-" + Guid.NewGuid().ToString("N");

    private static IResult TokenError(int status, string error, string description) =>
        Json(new JsonObject { ["error"] = error, ["error_description"] = description }, status);

    private sealed record AuthorizationCode(string RedirectUri, string? CodeChallenge, string? CodeChallengeMethod, string? Scope);
}
