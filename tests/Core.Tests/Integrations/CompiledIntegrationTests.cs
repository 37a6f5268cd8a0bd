using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Errors;
using Serverless.Core.Integrations;
using Serverless.Core.Platform;
using Serverless.Core.Templating;
using Serverless.Core.Tests.Config;
using Xunit;

namespace Serverless.Core.Tests.Integrations;

public sealed class CompiledIntegrationTests
{
    [Fact]
    public void Method_settings_fall_back_to_the_integration()
    {
        var config = TestIntegrations.Compile(SampleConfigs.Stripe);
        var list = config.Method("customers", "list");
        Assert.Equal(BodyFormat.Form, list.BodyFormat);
        Assert.Equal(QueryArrayFormat.Brackets, list.QueryArrayFormat);
        Assert.Equal("starting_after", Assert.IsType<CursorPagination>(list.Pagination).Config.CursorKey);
        Assert.NotNull(list.Paginator);
        Assert.IsType<BasicAuthorization>(list.Authorization);
        Assert.StartsWith("status >= 400", list.ErrorExpression, StringComparison.Ordinal);
        Assert.Equal("https://api.stripe.com/v1", list.BaseUrl!.Text);
        Assert.Equal(ResponseShape.List, list.Shape);
        Assert.Equal("customers.list", list.Label);

        var search = config.Method("charges", "search");
        Assert.Equal("page", Assert.IsType<CursorPagination>(search.Pagination).Config.CursorKey);
        Assert.Null(search.Paginator);
        Assert.Equal(ResponseShape.Body, search.Shape);
        Assert.Null(config.Find("charges", "list"));
        Assert.True(config.HasCustomMethod("charges", "search"));
    }

    [Fact]
    public void Null_pagination_and_no_auth_switch_the_integration_settings_off()
    {
        var config = TestIntegrations.Compile(SampleConfigs.GitHub);
        var create = config.Method("issues", "create");
        Assert.Null(create.Pagination);
        Assert.IsType<BearerAuthorization>(create.Authorization);

        var meta = config.Method("meta", "get");
        Assert.Null(meta.Authorization);
        Assert.True(meta.NoAuth);
        Assert.Null(meta.AuthorizationFor("api_key"));

        Assert.IsType<LinkHeaderPagination>(config.Method("issues", "list").Pagination);
    }

    [Fact]
    public void Headers_layer_case_insensitively_and_null_removes()
    {
        var config = TestIntegrations.Compile("""
        {
          "base_url": "https://api.example.com",
          "headers": { "Accept": "application/json", "X-Team": "{{team}}", "X-Old": "1" },
          "resources": { "users": { "list": { "method": "get", "path": "/users/{{id}}", "headers": { "accept": "text/csv", "X-Old": null, "Authorization": null } } } }
        }
        """);
        var list = config.Method("users", "list");
        var scope = new JsonObjectScope(new JsonObject { ["team"] = "blue", ["id"] = 7 });
        Assert.Equal("""{"accept":"text/csv","X-Team":"blue"}""", list.Headers.ResolveNode(scope)!.ToJsonString());
        Assert.Contains("x-old", list.RemovedHeaders);
        Assert.Contains("authorization", list.RemovedHeaders);
        Assert.Equal("/users/7", list.Path.ResolveString(scope));
    }

    [Fact]
    public void Query_layers_method_over_integration()
    {
        var config = TestIntegrations.Compile("""
        {
          "query": { "api-version": "2", "drop": "x" },
          "resources": { "users": { "list": { "method": "get", "path": "https://h.example/u", "query": { "drop": null, "q": "{{query.q:undefined}}" } } } }
        }
        """);
        var list = config.Method("users", "list");
        Assert.Null(list.BaseUrl);
        var resolved = list.Query.ResolveNode(new CompositeTemplateScope().With("query", new JsonObject()));
        Assert.Equal("""{"api-version":"2"}""", resolved!.ToJsonString());
    }

    [Fact]
    public void Action_requests_compile_like_methods_with_the_integration_settings()
    {
        var config = TestIntegrations.Compile("""
        {
          "base_url": "https://api.example.com",
          "headers": { "Accept": "application/json" },
          "authorization": { "format": "bearer", "config": { "token": "{{api_key}}" } },
          "error_expression": "status >= 400 ? { 'status': status }",
          "timeout_ms": 1500,
          "actions": {
            "ping": { "type": "request", "config": { "method": "HEAD", "url": "https://status.example.com/ping" } },
            "sync": { "steps": [
              { "type": "request", "config": { "method": "get", "path": "/items", "response_path": "data" } },
              { "type": "transform", "expression": "$count($previous)" },
              { "type": "update_context", "expression": "{ 'count': $previous }" }
            ] }
          }
        }
        """);

        var ping = Assert.IsType<RequestStep>(Assert.Single(config.Action("ping").Steps)).Request;
        Assert.Equal("actions.ping", ping.Label);
        Assert.Equal(HttpMethod.Head, ping.HttpMethod);
        Assert.Equal("https://status.example.com/ping", ping.Path.Text);
        Assert.IsType<BearerAuthorization>(ping.Authorization);
        Assert.NotNull(ping.AuthorizationFor(""));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), ping.Timeout);
        Assert.False(ping.Responses.IsEmpty);

        var sync = config.Action("sync");
        Assert.Null(sync.Unsupported);
        Assert.Collection(sync.Steps,
            step => Assert.Equal("actions.sync.steps[0]", Assert.IsType<RequestStep>(step).Request.Label),
            step => Assert.Equal("actions.sync.steps[1]", Assert.IsType<TransformStep>(step).Label),
            step => Assert.IsType<UpdateContextStep>(step));
        Assert.Equal("data", ((RequestStep)sync.Steps[0]).Request.ResponsePath);
        Assert.Null(config.FindAction("nothing"));
        Assert.Equal(404, Assert.Throws<ApiException>(() => config.Action("nothing")).StatusCode);
    }

    [Fact]
    public void A_missing_resource_or_method_is_404_naming_it()
    {
        var config = TestIntegrations.Compile(SampleConfigs.GitHub);
        Assert.Equal("the integration has no resource 'nothing'", Assert.Throws<ApiException>(() => config.Method("nothing", "list")).Message);
        Assert.Equal("resource 'meta' has no method 'list'", Assert.Throws<ApiException>(() => config.Method("meta", "list")).Message);
    }

    [Fact]
    public void The_cache_compiles_an_installation_once_per_version_with_its_override()
    {
        var cache = new CompiledIntegrationCache(TestIntegrations.Reader);
        var now = DateTimeOffset.UnixEpoch;
        var integration = new IntegrationRecord(Guid.NewGuid(), "github", "dev", JsonNode.Parse(SampleConfigs.GitHub)!.AsObject(), false, 1, now, now);
        var installation = new EnvironmentIntegrationRecord(
            Guid.NewGuid(), Guid.NewGuid(), integration.Id, new JsonObject { ["resources"] = new JsonObject { ["meta"] = null } }, [], true, now, now);

        var first = cache.Get(integration, installation);
        Assert.False(first.HasResource("meta"));
        Assert.Same(first, cache.Get(integration, installation));

        var changed = integration with { Version = 2, UpdatedAt = now.AddSeconds(1) };
        Assert.NotSame(first, cache.Get(changed, installation));
        var reinstalled = installation with { Override = [], UpdatedAt = now.AddSeconds(1) };
        Assert.True(cache.Get(changed, reinstalled).HasResource("meta"));

        var clashing = installation with { Override = JsonNode.Parse("""{"resources":{"repos":{"list":{"path":null}}}}""")!.AsObject(), UpdatedAt = now.AddSeconds(2) };
        var error = Assert.Throws<ApiException>(() => cache.Get(changed, clashing));
        Assert.Equal(409, error.StatusCode);
        Assert.Contains("$.resources.repos.list.path: required", error.Message, StringComparison.Ordinal);
    }
}
