using System.Text.Json.Nodes;
using Serverless.Core.Errors;
using Serverless.Core.Integrations;
using Serverless.Core.Proxy;
using Serverless.Core.Tests.Integrations;
using Xunit;

namespace Serverless.Core.Tests.Proxy;

public sealed class VendorRequestFactoryTests
{
    private static CompiledIntegration Compile(string json) => TestIntegrations.Compile(json);

    private static ProxyCall Call(CompiledIntegration integration, string method, string? id = null, string query = "{}", string? body = null, string context = """{"api_key":"k1","subdomain":"acme"}""") =>
        new(integration, new ProxyAccount(Guid.NewGuid(), "active", "api_key", JsonNode.Parse(context)!.AsObject(), new JsonObject { ["region"] = "eu" }),
            integration.Method("items", method), id, JsonNode.Parse(query)!.AsObject(), body is null ? null : JsonNode.Parse(body));

    private const string Config = """
        {
          "base_url": "https://{{subdomain}}.vendor.example/api/",
          "headers": { "Accept": "application/json", "X-Gone": "1", "X-Region": "{{environment_variables.region}}" },
          "query": { "api_version": "2", "drop": "x" },
          "query_array_format": "brackets",
          "credentials": { "format": "api_key", "config": { "fields": [ { "name": "api_key" } ] } },
          "resources": {
            "items": {
              "list": { "method": "get", "path": "items", "headers": { "x-gone": null }, "query": { "drop": null, "tags": ["a", "b"], "f": { "x": 1 } } },
              "get": { "method": "get", "path": "https://other.example/items/{{id}}" },
              "create": { "method": "post", "path": "/items", "body_format": "form", "body": { "name": "{{body.name}}", "owner": "{{context.subdomain}}" } },
              "update": { "method": "patch", "path": "/items/{{id}}" }
            }
          }
        }
        """;

    [Fact]
    public void Headers_and_query_layer_integration_then_method_then_caller_and_nulls_remove()
    {
        var integration = Compile(Config);
        var request = VendorRequestFactory.Build(Call(integration, "list", query: """{"q":"term","api_version":"3"}"""), JsonNode.Parse("""{"api_key":"k1","subdomain":"acme"}""")!.AsObject(), null);

        Assert.Equal("https://acme.vendor.example/api/items?api_version=3&tags[]=a&tags[]=b&f[x]=1&q=term", Uri.UnescapeDataString(request.ResolveUrl()));
        Assert.Equal("application/json", request.Headers["Accept"]);
        Assert.Equal("eu", request.Headers["X-Region"]);
        Assert.False(request.Headers.ContainsKey("X-Gone"));
        Assert.Equal("Bearer k1", request.Headers["Authorization"]);
    }

    [Fact]
    public void A_full_url_path_wins_over_the_base_url()
    {
        var integration = Compile(Config);
        var request = VendorRequestFactory.Build(Call(integration, "get", id: "42"), [], null);
        Assert.StartsWith("https://other.example/items/42?", request.ResolveUrl());
    }

    [Fact]
    public void A_method_body_template_sees_the_caller_body_and_the_context_while_without_one_the_caller_body_passes()
    {
        var integration = Compile(Config);
        var context = JsonNode.Parse("""{"api_key":"k1","subdomain":"acme"}""")!.AsObject();
        var create = VendorRequestFactory.Build(Call(integration, "create", body: """{"name":"Widget","extra":1}"""), context, null);
        Assert.Equal("""{"name":"Widget","owner":"acme"}""", create.Body!.ToJsonString());
        Assert.Equal(Serverless.Core.Config.BodyFormat.Form, create.BodyFormat);

        var update = VendorRequestFactory.Build(Call(integration, "update", id: "7", body: """{"name":"New"}"""), context, null);
        Assert.Equal("""{"name":"New"}""", update.Body!.ToJsonString());
        Assert.Equal(HttpMethod.Patch, update.Method);
    }

    [Fact]
    public void A_header_expression_can_sign_and_rewrite_the_url()
    {
        var integration = Compile("""
            {
              "base_url": "https://vendor.example",
              "authorization": { "format": "header", "config": { "expression": "{ 'url': url & '&sig=' & $substring(context.secret, 0, 3), 'requestOptions': { 'headers': $merge([requestOptions.headers, { 'X-Signed': 'yes' }]) } }" } },
              "resources": { "items": { "list": { "method": "get", "path": "/items", "query": { "a": "1" } } } }
            }
            """);
        var context = JsonNode.Parse("""{"secret":"abcdef"}""")!.AsObject();
        var request = VendorRequestFactory.Build(Call(integration, "list", context: context.ToJsonString()), context, null);
        Assert.Equal("https://vendor.example/items?a=1&sig=abc", request.ResolveUrl());
        Assert.Equal("yes", request.Headers["X-Signed"]);
    }

    [Fact]
    public void An_unresolvable_url_is_a_400_naming_the_method()
    {
        var integration = Compile("""{"resources":{"items":{"list":{"method":"get","path":"/items"}}}}""");
        var error = Assert.Throws<ApiException>(() => VendorRequestFactory.Build(Call(integration, "list"), [], null));
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("items.list", error.Message);
    }

    [Theory]
    [InlineData("GET", null, "list", null)]
    [InlineData("GET", "5", "get", "5")]
    [InlineData("POST", null, "create", null)]
    [InlineData("POST", "search", "search", null)]
    [InlineData("POST", "9", "create", "9")]
    [InlineData("PATCH", "5", "update", "5")]
    [InlineData("PUT", "5", "update", "5")]
    [InlineData("DELETE", "5", "delete", "5")]
    public void Proxy_routes_map_to_resource_methods(string httpMethod, string? segment, string method, string? id) =>
        Assert.Equal((method, id), ProxyRoute.Resolve(httpMethod, segment, name => name == "search"));

    [Fact]
    public void Platform_query_parameters_are_not_forwarded() =>
        Assert.Equal("""{"q":"x","tag":["a","b"]}""", PlatformQueryParameters.Forwarded(
        [
            new("integrated_account_id", ["1"]), new("limit", ["5"]), new("next_cursor", ["c"]), new("q", ["x"]), new("tag", ["a", "b"]),
        ]).ToJsonString());
}
