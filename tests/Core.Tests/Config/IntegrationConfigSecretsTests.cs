using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Xunit;

namespace Serverless.Core.Tests.Config;

public sealed class IntegrationConfigSecretsTests
{
    private const string Config = """
    {
      "credentials": { "oauth2": { "config": { "client": { "id": "public-id", "secret": "s3cret" } } }, "api_key": { "config": { "fields": [] } } },
      "authorization": { "format": "basic", "config": { "username": "{{api_key}}", "password": "pw" } },
      "resources": { "users": { "list": { "authorization": { "format": "bearer", "config": { "token": "tok" } } },
                                "get": { "authorization": { "format": "bearer", "config": { "token": "{{api_key}}" } } } } },
      "webhook": { "signature_verification": { "format": "hmac", "config": { "secret": "whsec", "compare_with": "{{headers.sig}}" } } }
    }
    """;

    [Fact]
    public void Literal_secrets_are_masked_and_references_kept()
    {
        var original = JsonNode.Parse(Config)!.AsObject();
        var masked = IntegrationConfigSecrets.MaskSecrets(original);

        Assert.Equal("********", (string?)masked["credentials"]!["oauth2"]!["config"]!["client"]!["secret"]);
        Assert.Equal("public-id", (string?)masked["credentials"]!["oauth2"]!["config"]!["client"]!["id"]);
        Assert.Equal("********", (string?)masked["authorization"]!["config"]!["password"]);
        Assert.Equal("{{api_key}}", (string?)masked["authorization"]!["config"]!["username"]);
        Assert.Equal("********", (string?)masked["resources"]!["users"]!["list"]!["authorization"]!["config"]!["token"]);
        Assert.Equal("{{api_key}}", (string?)masked["resources"]!["users"]!["get"]!["authorization"]!["config"]!["token"]);
        Assert.Equal("********", (string?)masked["webhook"]!["signature_verification"]!["config"]!["secret"]);
        Assert.DoesNotContain("s3cret", masked.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("s3cret", (string?)original["credentials"]!["oauth2"]!["config"]!["client"]!["secret"]);
    }

    [Fact]
    public void A_bearer_token_written_as_value_is_a_secret_too()
    {
        var config = JsonNode.Parse("""{"resources":{"orders":{"create":{"authorization":{"format":"bearer","config":{"value":"tok_literal"}}}}}}""")!.AsObject();

        var masked = IntegrationConfigSecrets.MaskSecrets(config);

        Assert.Equal("********", (string?)masked["resources"]!["orders"]!["create"]!["authorization"]!["config"]!["value"]);
        Assert.Equal("tok_literal", Assert.Single(IntegrationConfigSecrets.FindLiteralSecrets(config)).Value);
    }

    [Fact]
    public void Masked_values_sent_back_restore_the_stored_secret()
    {
        var stored = JsonNode.Parse(Config)!.AsObject();
        var incoming = IntegrationConfigSecrets.MaskSecrets(stored);
        incoming["authorization"]!["config"]!["password"] = "new-password";

        IntegrationConfigSecrets.RestoreMasked(incoming, stored);

        Assert.Equal("s3cret", (string?)incoming["credentials"]!["oauth2"]!["config"]!["client"]!["secret"]);
        Assert.Equal("tok", (string?)incoming["resources"]!["users"]!["list"]!["authorization"]!["config"]!["token"]);
        Assert.Equal("whsec", (string?)incoming["webhook"]!["signature_verification"]!["config"]!["secret"]);
        Assert.Equal("new-password", (string?)incoming["authorization"]!["config"]!["password"]);
    }
}
