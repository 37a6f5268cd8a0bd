using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Templating;
using Xunit;

namespace Serverless.Core.Tests.Config;

public sealed class CompiledIntegrationConfigTests
{
    private static readonly IntegrationConfigReader Reader = new(new IntegrationConfigValidator(new MarkerJsonataChecker()));

    private static CompiledIntegrationConfig Compile(string json)
    {
        var result = Reader.ReadJson(json);
        Assert.True(result.IsValid, result.Validation.Describe());
        return CompiledIntegrationConfig.Compile(result.Config!);
    }

    [Fact]
    public void Method_settings_fall_back_to_the_integration()
    {
        var config = Compile(SampleConfigs.Stripe);
        Assert.True(config.TryGetMethod("customers", "list", out var list));
        Assert.Equal(BodyFormat.Form, list.BodyFormat);
        Assert.Equal(QueryArrayFormat.Brackets, list.QueryArrayFormat);
        Assert.Equal("starting_after", Assert.IsType<CursorPagination>(list.Pagination).Config.CursorKey);
        Assert.IsType<BasicAuthorization>(list.Authorization);
        Assert.StartsWith("status >= 400", list.ErrorExpression, StringComparison.Ordinal);
        Assert.Equal("https://api.stripe.com/v1", list.BaseUrl!.Text);

        Assert.True(config.TryGetMethod("charges", "search", out var search));
        Assert.Equal("page", Assert.IsType<CursorPagination>(search.Pagination).Config.CursorKey);
        Assert.False(config.TryGetMethod("charges", "list", out _));
        Assert.Equal(["search"], config.MethodsOf("charges"));
    }

    [Fact]
    public void Null_pagination_and_no_auth_switch_the_integration_settings_off()
    {
        var config = Compile(SampleConfigs.GitHub);
        Assert.True(config.TryGetMethod("issues", "create", out var create));
        Assert.Null(create.Pagination);
        Assert.IsType<BearerAuthorization>(create.Authorization);

        Assert.True(config.TryGetMethod("meta", "get", out var meta));
        Assert.Null(meta.Authorization);
        Assert.True(meta.Config.NoAuth);

        Assert.True(config.TryGetMethod("issues", "list", out var list));
        Assert.IsType<LinkHeaderPagination>(list.Pagination);
    }

    [Fact]
    public void Headers_layer_case_insensitively_and_null_removes()
    {
        var config = Compile("""
        {
          "base_url": "https://api.example.com",
          "headers": { "Accept": "application/json", "X-Team": "{{team}}", "X-Old": "1" },
          "resources": { "users": { "list": { "method": "get", "path": "/users/{{id}}", "headers": { "accept": "text/csv", "X-Old": null, "Authorization": null } } } }
        }
        """);
        Assert.True(config.TryGetMethod("users", "list", out var list));
        var scope = new JsonObjectScope(new JsonObject { ["team"] = "blue", ["id"] = 7 });
        Assert.Equal("""{"accept":"text/csv","X-Team":"blue"}""", list.Headers.ResolveNode(scope)!.ToJsonString());
        Assert.Contains("x-old", list.RemovedHeaders);
        Assert.Contains("authorization", list.RemovedHeaders);
        Assert.Equal("/users/7", list.Path.ResolveString(scope));
    }

    [Fact]
    public void Query_layers_method_over_integration()
    {
        var config = Compile("""
        {
          "query": { "api-version": "2", "drop": "x" },
          "resources": { "users": { "list": { "method": "get", "path": "https://h.example/u", "query": { "drop": null, "q": "{{query.q:undefined}}" } } } }
        }
        """);
        Assert.True(config.TryGetMethod("users", "list", out var list));
        Assert.Null(list.BaseUrl);
        var resolved = list.Query.ResolveNode(new CompositeTemplateScope().With("query", new JsonObject()));
        Assert.Equal("""{"api-version":"2"}""", resolved!.ToJsonString());
    }

    [Fact]
    public void Read_merged_applies_patch_with_null_removal_before_validating()
    {
        var original = JsonNode.Parse(SampleConfigs.GitHub);
        var patched = Reader.ReadMerged(original, JsonNode.Parse("""{"pagination":null,"resources":{"meta":null}}"""));
        Assert.True(patched.IsValid, patched.Validation.Describe());
        Assert.Null(patched.Config!.Model.Pagination);
        Assert.False(patched.Config.Model.Resources.ContainsKey("meta"));

        var broken = Reader.ReadMerged(original, JsonNode.Parse("""{"resources":{"repos":{"list":{"path":null}}}}"""));
        Assert.Equal("$.resources.repos.list.path: required", Assert.Single(broken.Validation.Errors).ToString());
    }
}
