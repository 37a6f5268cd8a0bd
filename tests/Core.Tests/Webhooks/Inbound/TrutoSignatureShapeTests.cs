using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Webhooks.Inbound;
using Xunit;

namespace Serverless.Core.Tests.Webhooks.Inbound;

/// <summary>
/// Each signature format written exactly as Truto's Integration object documents it (hmac with <c>parts</c>
/// naming payload-context fields; basic, bearer and jwt reading <c>compare_with</c>), and the project's
/// first spellings, which keep working.
/// </summary>
public sealed class TrutoSignatureShapeTests
{
    private const string Secret = "whsec_truto";
    private readonly WebhookSignatureVerifier _verifier = new(new WebhookTemplates(), TimeProvider.System);

    private static SignatureVerificationDefinition Definition(string json) =>
        JsonSerializer.Deserialize<SignatureVerificationDefinition>(json, IntegrationConfigJson.Options)!;

    private static JsonObject Payload(string authorization, JsonObject? body = null) => new()
    {
        ["raw_body"] = "{\"id\":1}",
        ["timestamp"] = "1700000000",
        ["body"] = body ?? new JsonObject(),
        ["headers"] = new JsonObject { ["authorization"] = authorization, ["x-signature"] = "" },
        ["environment_variables"] = new JsonObject { ["SECRET"] = Secret, ["USER"] = "vendor", ["PASSWORD"] = "pa:ss" },
    };

    private bool Verifies(string definition, JsonObject payload) => _verifier.Verify(Definition(definition), payload).IsValid;

    [Fact]
    public void Hmac_parts_name_payload_context_fields_concatenated_in_order()
    {
        const string definition = """{"format":"hmac","config":{"secret":"{{environment_variables.SECRET}}","algorithm":"sha256","string_type":"hex","compare_with":"{{headers.x-signature}}","parts":["timestamp","raw_body"]}}""";
        var payload = Payload("");
        string Sign(string text) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(text)));

        payload["headers"]!["x-signature"] = Sign("1700000000{\"id\":1}");
        Assert.True(Verifies(definition, payload));
        payload["headers"]!["x-signature"] = Sign("{\"id\":1}1700000000");
        Assert.False(Verifies(definition, payload));
    }

    [Theory]
    [InlineData("Basic dmVuZG9yOnBhOnNz", true)] // base64("vendor:pa:ss")
    [InlineData("Basic dmVuZG9yOndyb25n", false)]
    [InlineData("", false)]
    public void Basic_compares_base64_of_username_and_password_with_the_second_word_of_compare_with(string authorization, bool valid) =>
        Assert.Equal(valid, Verifies(
            """{"format":"basic","config":{"compare_with":"{{headers.authorization}}","username":"{{environment_variables.USER}}","password":"{{environment_variables.PASSWORD}}"}}""",
            Payload(authorization)));

    [Theory]
    [InlineData("Bearer whsec_truto", true)]
    [InlineData("Bearer whsec_other", false)]
    [InlineData("", false)]
    public void Bearer_compares_secret_with_the_second_word_of_compare_with(string authorization, bool valid)
    {
        Assert.Equal(valid, Verifies("""{"format":"bearer","config":{"compare_with":"{{headers.authorization}}","secret":"{{environment_variables.SECRET}}"}}""", Payload(authorization)));
        // The project's first spelling: token for secret, compare_with defaulting to the Authorization header.
        Assert.Equal(valid, Verifies("""{"format":"bearer","config":{"token":"{{environment_variables.SECRET}}"}}""", Payload(authorization)));
    }

    [Fact]
    public void Jwt_verifies_compare_with_signed_with_secret_HS256_by_default()
    {
        var token = Jwt(Secret, new JsonObject { ["sub"] = "vendor", ["exp"] = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds() });
        const string fromHeader = """{"format":"jwt","config":{"compare_with":"{{headers.authorization}}","secret":"{{environment_variables.SECRET}}"}}""";
        const string fromBody = """{"format":"jwt","config":{"compare_with":"{{body.token}}","secret":"{{environment_variables.SECRET}}"}}""";

        Assert.True(Verifies(fromHeader, Payload("Bearer " + token)));
        Assert.True(Verifies(fromBody, Payload("", new JsonObject { ["token"] = token })));
        Assert.False(Verifies(fromBody, Payload("", new JsonObject { ["token"] = Jwt("other-secret", new JsonObject { ["sub"] = "vendor" }) })));
        Assert.False(Verifies(fromBody, Payload("", new JsonObject())));
        // The project's first spelling: token for compare_with.
        Assert.True(Verifies("""{"format":"jwt","config":{"token":"{{body.token}}","secret":"{{environment_variables.SECRET}}"}}""", Payload("", new JsonObject { ["token"] = token })));
    }

    private static string Jwt(string secret, JsonObject claims)
    {
        static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var signed = Encode("""{"alg":"HS256","typ":"JWT"}"""u8.ToArray()) + "." + Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        return signed + "." + Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(signed)));
    }
}
