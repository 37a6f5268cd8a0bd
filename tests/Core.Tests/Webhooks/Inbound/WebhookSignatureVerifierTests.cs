using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Webhooks.Inbound;
using Xunit;

namespace Serverless.Core.Tests.Webhooks.Inbound;

/// <summary>The formats and encodings the end-to-end vendor tests do not reach: basic, bearer, JWT, sha1/sha512, base64url.</summary>
public sealed class WebhookSignatureVerifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
    private readonly WebhookSignatureVerifier _verifier = new(new WebhookTemplates(), new FixedTime(Now));

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static SignatureVerificationDefinition Definition(string json) =>
        JsonSerializer.Deserialize<SignatureVerificationDefinition>(json, IntegrationConfigJson.Options)!;

    private static JsonObject Context(string rawBody, Dictionary<string, string>? headers = null, JsonObject? context = null)
    {
        var headerObject = new JsonObject();
        foreach (var (name, value) in headers ?? []) headerObject[name] = value;
        return new JsonObject { ["raw_body"] = rawBody, ["headers"] = headerObject, ["context"] = context ?? new JsonObject { ["secret"] = "s3cret" } };
    }

    [Theory]
    [InlineData("sha1", "hex")]
    [InlineData("sha512", "base64url")]
    [InlineData("sha256", "base64")]
    public void Hmac_algorithms_and_encodings_accept_the_right_signature_only(string algorithm, string encoding)
    {
        var definition = Definition($$$"""{"format":"hmac","config":{"secret":"{{context.secret}}","algorithm":"{{{algorithm}}}","string_type":"{{{encoding}}}","compare_with":"{{headers.sig}}","parts":["raw_body"]}}""");
        var key = Encoding.UTF8.GetBytes("s3cret");
        var data = Encoding.UTF8.GetBytes("{\"a\":1}");
        var mac = algorithm switch { "sha1" => HMACSHA1.HashData(key, data), "sha512" => HMACSHA512.HashData(key, data), _ => HMACSHA256.HashData(key, data) };
        var signature = encoding switch
        {
            "hex" => Convert.ToHexString(mac), // upper case: hex compares as bytes
            "base64url" => Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            _ => Convert.ToBase64String(mac),
        };

        Assert.True(_verifier.Verify(definition, Context("{\"a\":1}", new() { ["sig"] = signature })).IsValid);
        Assert.False(_verifier.Verify(definition, Context("{\"a\":2}", new() { ["sig"] = signature })).IsValid);
    }

    [Fact]
    public void An_unresolved_secret_placeholder_is_never_used_as_the_key()
    {
        var definition = Definition("""{"format":"hmac","config":{"secret":"{{context.missing}}","compare_with":"{{headers.sig}}","parts":["raw_body"]}}""");
        // Signed with the template's own text, which anyone reading the config knows.
        var forged = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("{{context.missing}}"), Encoding.UTF8.GetBytes("x")));

        var check = _verifier.Verify(definition, Context("x", new() { ["sig"] = forged }));

        Assert.False(check.IsValid);
        Assert.Contains("secret is not configured", check.Problem);
    }

    [Theory]
    [InlineData("1795334400", true)] // 2026-11-22T08:00:00Z
    [InlineData("1795334100", true)] // 5 minutes ago, at the edge of the window
    [InlineData("1795334099", false)]
    [InlineData("2026-11-22T07:58:00Z", true)]
    [InlineData("2026-11-22T07:50:00+00:00", false)]
    [InlineData("yesterday", false)]
    public void Timestamps_in_unix_seconds_or_ISO_8601_must_be_within_the_tolerance(string timestamp, bool valid)
    {
        var definition = Definition("""{"format":"hmac","config":{"secret":"k","compare_with":"{{headers.sig}}","verification_content":["{{headers.ts}}{{raw_body}}"],"timestamp":"{{headers.ts}}","timestamp_tolerance_seconds":300}}""");
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData("k"u8, Encoding.UTF8.GetBytes(timestamp + "body")));

        Assert.Equal(valid, _verifier.Verify(definition, Context("body", new() { ["sig"] = signature, ["ts"] = timestamp })).IsValid);
    }

    [Theory]
    [InlineData("Basic dmVuZG9yOnBhc3M=", true)] // vendor:pass
    [InlineData("Basic dmVuZG9yOndyb25n", false)] // vendor:wrong
    [InlineData("Bearer dmVuZG9yOnBhc3M=", true)] // Truto compares the second word, whatever the scheme
    [InlineData(null, false)]
    public void Basic_credentials_are_the_second_word_of_the_authorization_header(string? authorization, bool valid)
    {
        var definition = Definition("""{"format":"basic","config":{"username":"vendor","password":"{{context.secret}}"}}""");
        var context = Context("", authorization is null ? null : new() { ["authorization"] = authorization }, new JsonObject { ["secret"] = "pass" });

        Assert.Equal(valid, _verifier.Verify(definition, context).IsValid);
    }

    [Theory]
    [InlineData("Bearer tok-123", true)]
    [InlineData("bearer tok-123", true)]
    [InlineData("Bearer tok-124", false)]
    [InlineData("tok-123", true)] // one word: the whole value is the token
    [InlineData("Bearer", false)]
    public void Bearer_tokens_compare_with_the_configured_token(string authorization, bool valid)
    {
        var definition = Definition("""{"format":"bearer","config":{"token":"tok-123"}}""");

        Assert.Equal(valid, _verifier.Verify(definition, Context("", new() { ["authorization"] = authorization })).IsValid);
    }

    private static string Jwt(string algorithm, string secret, JsonObject claims)
    {
        static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var signed = Encode(Encoding.UTF8.GetBytes($$"""{"alg":"{{algorithm}}","typ":"JWT"}""")) + "." + Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var key = Encoding.UTF8.GetBytes(secret);
        var mac = algorithm == "HS512" ? HMACSHA512.HashData(key, Encoding.ASCII.GetBytes(signed)) : HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signed));
        return signed + "." + Encode(mac);
    }

    [Fact]
    public void Jwt_accepts_a_valid_HS256_token_and_refuses_forged_expired_and_other_algorithm_tokens()
    {
        var definition = Definition("""{"format":"jwt","config":{"secret":"{{context.secret}}"}}""");
        JsonObject Claims(long exp) => new() { ["sub"] = "vendor", ["exp"] = exp };
        SignatureCheck Check(string token) => _verifier.Verify(definition, Context("", new() { ["authorization"] = "Bearer " + token }));

        Assert.True(Check(Jwt("HS256", "s3cret", Claims(Now.AddMinutes(5).ToUnixTimeSeconds()))).IsValid);
        Assert.Contains("does not match", Check(Jwt("HS256", "other", Claims(Now.AddMinutes(5).ToUnixTimeSeconds()))).Problem);
        Assert.Contains("expired", Check(Jwt("HS256", "s3cret", Claims(Now.AddMinutes(-1).ToUnixTimeSeconds()))).Problem);
        Assert.Contains("not signed with HS256", Check(Jwt("HS512", "s3cret", Claims(Now.AddMinutes(5).ToUnixTimeSeconds()))).Problem);
        var unsigned = Jwt("none", "s3cret", Claims(Now.AddMinutes(5).ToUnixTimeSeconds()));
        Assert.False(Check(unsigned[..(unsigned.LastIndexOf('.') + 1)]).IsValid);
        Assert.Contains("malformed", Check("not-a-jwt").Problem);
    }
}
