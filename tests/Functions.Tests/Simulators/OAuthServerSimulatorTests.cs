using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Xunit;
using static Serverless.Functions.Tests.Simulators.SimulatorTestClient;

namespace Serverless.Functions.Tests.Simulators;

public sealed class OAuthServerSimulatorTests
{
    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.ToDictionary(field => field.Key, field => field.Value));

    [Fact]
    public async Task Client_credentials_with_basic_header_issue_a_token_the_resource_server_accepts()
    {
        await using var oauth = new OAuthServerSimulator { ExpiresInSeconds = 120 };
        await oauth.StartAsync();
        await using var hubspot = new HubSpotSimulator(SimulatorAuth.IssuedBy(oauth), contactCount: 5);
        await hubspot.StartAsync();

        var (response, body) = await PostAsync(oauth.BaseUrl + "/oauth/token", Form(("grant_type", "client_credentials"), ("scope", "a b")),
            Basic(oauth.ClientId, oauth.ClientSecret));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(120, (int)body!["expires_in"]!);
        Assert.Null(body["refresh_token"]);
        Assert.Equal("header", oauth.LastClientAuthentication);

        var token = (string)body["access_token"]!;
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(hubspot.BaseUrl + "/crm/v3/objects/contacts", Bearer(token))).Response.StatusCode);
        oauth.ExpireAccessTokens();
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(hubspot.BaseUrl + "/crm/v3/objects/contacts", Bearer(token))).Response.StatusCode);
    }

    [Fact]
    public async Task Client_secret_in_a_json_body_is_accepted_and_a_wrong_one_is_invalid_client()
    {
        await using var oauth = new OAuthServerSimulator();
        await oauth.StartAsync();

        var good = new StringContent($$"""{"grant_type":"client_credentials","client_id":"{{oauth.ClientId}}","client_secret":"{{oauth.ClientSecret}}"}""", Encoding.UTF8, "application/json");
        var (ok, _) = await PostAsync(oauth.BaseUrl + "/oauth/token", good);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("body", oauth.LastClientAuthentication);

        var (rejected, body) = await PostAsync(oauth.BaseUrl + "/oauth/token",
            Form(("grant_type", "client_credentials"), ("client_id", oauth.ClientId), ("client_secret", "wrong")));
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Equal("invalid_client", (string?)body!["error"]);
        Assert.Equal(2, oauth.TokenRequestCount);
    }

    [Fact]
    public async Task Refresh_rotates_the_refresh_token_and_the_old_one_stops_working()
    {
        await using var oauth = new OAuthServerSimulator();
        await oauth.StartAsync();
        oauth.AddRefreshToken("rt-initial");
        var auth = Basic(oauth.ClientId, oauth.ClientSecret);

        var (_, first) = await PostAsync(oauth.BaseUrl + "/oauth/token", Form(("grant_type", "refresh_token"), ("refresh_token", "rt-initial")), auth);
        var rotated = (string)first!["refresh_token"]!;
        Assert.NotEqual("rt-initial", rotated);

        var (reused, reusedBody) = await PostAsync(oauth.BaseUrl + "/oauth/token", Form(("grant_type", "refresh_token"), ("refresh_token", "rt-initial")), auth);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal("invalid_grant", (string?)reusedBody!["error"]);

        oauth.OmitRefreshTokenOnRefresh = true;
        var (_, second) = await PostAsync(oauth.BaseUrl + "/oauth/token", Form(("grant_type", "refresh_token"), ("refresh_token", rotated)), auth);
        Assert.NotNull(second!["access_token"]);
        Assert.Null(second["refresh_token"]);

        oauth.FailRefreshes = true;
        var (failed, failedBody) = await PostAsync(oauth.BaseUrl + "/oauth/token", Form(("grant_type", "refresh_token"), ("refresh_token", rotated)), auth);
        Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);
        Assert.Equal("invalid_grant", (string?)failedBody!["error"]);
    }

    [Fact]
    public async Task Authorization_code_with_pkce_redirects_with_state_and_checks_the_verifier_once()
    {
        await using var oauth = new OAuthServerSimulator();
        await oauth.StartAsync();
        oauth.ExtraTokenFields["instance_url"] = "https://instance.example";
        const string verifier = "a-long-random-code-verifier-0123456789-abcdefghijklmnop";
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        const string redirect = "http://127.0.0.1:9/callback";

        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var authorize = await noRedirects.GetAsync(QueryHelpers.AddQueryString(oauth.BaseUrl + "/oauth/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = oauth.ClientId,
            ["redirect_uri"] = redirect,
            ["state"] = "xyz",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        }));
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var location = authorize.Headers.Location!;
        Assert.StartsWith(redirect, location.ToString());
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("xyz", query["state"].ToString());
        var code = query["code"].ToString();
        var auth = Basic(oauth.ClientId, oauth.ClientSecret);

        var (wrongVerifier, _) = await PostAsync(oauth.BaseUrl + "/oauth/token",
            Form(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirect), ("code_verifier", "wrong")), auth);
        Assert.Equal(HttpStatusCode.BadRequest, wrongVerifier.StatusCode);

        // A failed attempt consumes the code, as single-use codes must.
        var (replayed, _) = await PostAsync(oauth.BaseUrl + "/oauth/token",
            Form(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirect), ("code_verifier", verifier)), auth);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);

        var second = await noRedirects.GetAsync(QueryHelpers.AddQueryString(oauth.BaseUrl + "/oauth/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = oauth.ClientId,
            ["redirect_uri"] = redirect,
            ["state"] = "s2",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        }));
        var secondCode = QueryHelpers.ParseQuery(second.Headers.Location!.Query)["code"].ToString();
        var (exchanged, body) = await PostAsync(oauth.BaseUrl + "/oauth/token",
            Form(("grant_type", "authorization_code"), ("code", secondCode), ("redirect_uri", redirect), ("code_verifier", verifier)), auth);
        Assert.Equal(HttpStatusCode.OK, exchanged.StatusCode);
        Assert.NotNull(body!["refresh_token"]);
        Assert.Equal("https://instance.example", (string?)body["instance_url"]);
    }
}
