using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Xunit;

namespace Serverless.Core.Tests.Config;

/// <summary>The properties of Truto's Integration object that the example config uses, read into the model and checked.</summary>
public sealed class TrutoConfigShapeTests
{
    private static readonly IntegrationConfigReader Reader = new(new IntegrationConfigValidator(new MarkerJsonataChecker()));

    [Fact]
    public void Display_fields_examples_tool_tags_and_oauth2_fields_are_read()
    {
        var result = Reader.Read(JsonNode.Parse("""
            {
              "label": "Example", "logo": "https://example.com/logo.png", "icon": "https://example.com/icon.png",
              "credentials": { "oauth2": { "format": "oauth2", "config": {
                "client": { "id": "id" }, "auth": { "tokenHost": "https://auth.example.com" },
                "fields": [ { "name": "client_id", "type": "text", "required": true }, { "name": "client_secret", "type": "password" } ],
                "tokenParams": { "grant_type": "client_credentials" }, "tokenExpiryDuration": "3600" } } },
              "rate_limit": { "is_rate_limited": true },
              "resources": { "users": { "list": { "method": "get", "path": "/users", "examples": { "response": "{}" },
                "authorization": { "format": "bearer", "config": { "value": "{{api_key}}" } } } } },
              "tool_tags": { "users": ["directory"], "users.list": ["read"] }
            }
            """));

        var model = Assert.IsType<IntegrationConfig>(result.Config);
        Assert.Equal(("Example", "https://example.com/logo.png", "https://example.com/icon.png"), (model.Label, model.Logo, model.Icon));
        var oauth = Assert.IsType<OAuth2Credentials>(model.Credentials!["oauth2"]).Config;
        Assert.Equal(3600, oauth.TokenExpiryDuration);
        Assert.True(oauth.UsesClientCredentialsGrant);
        Assert.Equal(["client_id", "client_secret"], oauth.Fields.Select(field => field.Name));
        Assert.Null(model.RateLimit!.IsRateLimited);
        var list = model.Resources["users"]["list"];
        Assert.Equal("{}", list.Examples!.Response);
        Assert.Equal("{{api_key}}", Assert.IsType<BearerAuthorization>(list.Authorization).Config.Token);
        Assert.Equal(["read"], model.ToolTags!["users.list"]);
    }

    [Theory]
    [InlineData("""{"tool_tags":{"orders":["x"]},"resources":{}}""", "$.tool_tags.orders", "names no resource of this config")]
    [InlineData("""{"tool_tags":{"users.delete":["x"]},"resources":{"users":{"list":{"method":"get","path":"/u"}}}}""", "$.tool_tags['users.delete']", "names no resource method of this config")]
    [InlineData("""{"credentials":{"oauth2":{"format":"api_key","config":{"client":{"id":"i"},"auth":{"tokenHost":"https://a.example"}}}}}""", "$.credentials.oauth2.format", "must be 'oauth2', the key it is under")]
    [InlineData("""{"credentials":{"format":"oauth2","config":{"client":{"id":"i"},"auth":{"tokenHost":"https://a.example"},"tokenExpiryDuration":"an hour"}}}""", "$.credentials.config.tokenExpiryDuration", "expected integer or numeric string, got string")]
    [InlineData("""{"rate_limit":{"is_rate_limited":1}}""", "$.rate_limit.is_rate_limited", "expected boolean or string, got number")]
    [InlineData("""{"authorization":{"format":"bearer","config":{"token":"a","value":"b"}}}""", "$.authorization.config.value", "is another name of token; give only one of them")]
    [InlineData("""{"resources":{"users":{"list":{"method":"get","path":"/u","examples":{"request":"{}"}}}}}""", "$.resources.users.list.examples.request", "unknown property (expected one of response, query, body)")]
    public void Documented_shapes_are_checked_and_undocumented_keys_refused_with_their_path(string config, string path, string message)
    {
        var error = Assert.Single(Reader.Read(JsonNode.Parse(config)).Validation.Errors);
        Assert.Equal((path, message), (error.Path, error.Message));
    }
}
