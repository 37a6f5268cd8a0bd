using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Platform;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.Api;

public sealed class IntegrationTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    private PlatformServer Server => fixture.Server;

    [Fact]
    public async Task Sharing_is_Trutos_allow_ask_or_deny_and_defaults_to_allow()
    {
        var created = await TestData.CreateIntegrationAsync(Server.Client);
        Assert.Equal("allow", created["sharing"]!.GetValue<string>());

        var asked = (await Server.Client.PostJsonAsync("/integration", new JsonObject
        {
            ["name"] = TestData.Unique("shared"),
            ["config"] = TestData.ApiKeyConfig(),
            ["sharing"] = "ask",
            ["is_beta"] = true,
        })).Expect(HttpStatusCode.Created);
        Assert.Equal(("ask", true), (asked["sharing"]!.GetValue<string>(), asked["is_beta"]!.GetValue<bool>()));
        var denied = (await Server.Client.PatchJsonAsync($"/integration/{TestData.Id(asked)}", new JsonObject { ["sharing"] = "deny" })).Expect(HttpStatusCode.OK);
        Assert.Equal("deny", denied["sharing"]!.GetValue<string>());

        var refused = await Server.Client.PatchJsonAsync($"/integration/{TestData.Id(asked)}", new JsonObject { ["sharing"] = "public" });
        Assert.Equal("$.sharing: unknown sharing 'public' (expected allow, ask, deny)", refused.ExpectError(HttpStatusCode.BadRequest));
        Assert.Equal("deny", (await Server.Client.GetJsonAsync($"/integration/{TestData.Id(asked)}")).Expect(HttpStatusCode.OK)["sharing"]!.GetValue<string>());
    }

    [Fact]
    public async Task Integration_is_created_read_listed_and_deleted()
    {
        var created = await TestData.CreateIntegrationAsync(Server.Client);
        var id = TestData.Id(created);
        Assert.Equal(1, created["version"]!.GetValue<long>());
        Assert.False(created["is_beta"]!.GetValue<bool>());
        Assert.Equal("crm", created["category"]!.GetValue<string>());

        var read = (await Server.Client.GetJsonAsync($"/integration/{id}")).Expect(HttpStatusCode.OK);
        Assert.True(JsonNode.DeepEquals(TestData.ApiKeyConfig(), read["config"]));

        Assert.Contains((await Server.Client.GetJsonAsync("/integration")).Expect(HttpStatusCode.OK)["result"]!.AsArray(), i => TestData.Id(i!) == id);

        (await Server.Client.DeleteJsonAsync($"/integration/{id}")).Expect(HttpStatusCode.OK);
        (await Server.Client.GetJsonAsync($"/integration/{id}")).ExpectError(HttpStatusCode.NotFound);
        (await Server.Client.DeleteJsonAsync($"/integration/{id}")).ExpectError(HttpStatusCode.NotFound);

        // Deleting released the name.
        await TestData.CreateIntegrationAsync(Server.Client, TestData.Name(created));
    }

    [Fact]
    public async Task Duplicate_name_is_409()
    {
        var created = await TestData.CreateIntegrationAsync(Server.Client);
        var message = (await Server.Client.PostJsonAsync("/integration", new JsonObject { ["name"] = TestData.Name(created), ["config"] = TestData.ApiKeyConfig() }))
            .ExpectError(HttpStatusCode.Conflict);
        Assert.Contains(TestData.Name(created), message);
    }

    [Fact]
    public async Task Patch_deep_merges_config_and_null_removes_a_key()
    {
        var created = await TestData.CreateIntegrationAsync(Server.Client);
        var patch = new JsonObject
        {
            ["is_beta"] = true,
            ["config"] = new JsonObject
            {
                ["base_url"] = "https://eu.acme.example",
                ["headers"] = new JsonObject { ["Accept"] = "application/json" },
                ["resources"] = new JsonObject { ["users"] = new JsonObject { ["get"] = null } },
            },
        };
        var patched = (await Server.Client.PatchJsonAsync($"/integration/{TestData.Id(created)}", patch)).Expect(HttpStatusCode.OK);
        var config = patched["config"]!;
        Assert.Equal("https://eu.acme.example", config["base_url"]!.GetValue<string>());
        Assert.Equal("application/json", config["headers"]!["Accept"]!.GetValue<string>());
        Assert.NotNull(config["resources"]!["users"]!["list"]);
        Assert.False(config["resources"]!["users"]!.AsObject().ContainsKey("get"));
        Assert.NotNull(config["credentials"]);
        Assert.True(patched["is_beta"]!.GetValue<bool>());
        Assert.Equal(2, patched["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Stale_version_is_409_and_changes_nothing()
    {
        var created = await TestData.CreateIntegrationAsync(Server.Client);
        var path = $"/integration/{TestData.Id(created)}";
        (await Server.Client.PatchJsonAsync(path, new JsonObject { ["version"] = 1, ["category"] = "hris" })).Expect(HttpStatusCode.OK);

        var message = (await Server.Client.PatchJsonAsync(path, new JsonObject { ["version"] = 1, ["category"] = "ats" })).ExpectError(HttpStatusCode.Conflict);
        Assert.Contains("$.version", message);

        var current = (await Server.Client.GetJsonAsync(path)).Expect(HttpStatusCode.OK);
        Assert.Equal("hris", current["category"]!.GetValue<string>());
        Assert.Equal(2, current["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Concurrent_patches_with_the_same_version_let_exactly_one_win()
    {
        var created = await TestData.CreateIntegrationAsync(Server.Client);
        var path = $"/integration/{TestData.Id(created)}";
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Server.Client.PatchJsonAsync(path, new JsonObject { ["version"] = 1, ["category"] = $"c{i}" })));
        Assert.Equal(1, answers.Count(a => a.Status == HttpStatusCode.OK));
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a => a.ExpectError(HttpStatusCode.Conflict));
        Assert.Equal(2, (await Server.Client.GetJsonAsync(path)).Expect(HttpStatusCode.OK)["version"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("application/yaml")]
    [InlineData("text/yaml")]
    public async Task Yaml_body_reads_into_the_same_model_as_json(string contentType)
    {
        var name = TestData.Unique("yaml");
        var yaml = $"""
            name: {name}
            category: crm
            is_beta: true
            config:
              base_url: https://api.acme.example
              resources:
                users:
                  list:
                    method: get
                    path: /users
            """;
        var created = (await Server.Client.SendTextAsync(HttpMethod.Post, "/integration", yaml, contentType)).Expect(HttpStatusCode.Created);
        Assert.Equal(name, TestData.Name(created));
        Assert.True(created["is_beta"]!.GetValue<bool>());
        Assert.Equal("/users", created["config"]!["resources"]!["users"]!["list"]!["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task Malformed_yaml_and_wrong_yaml_types_are_400()
    {
        var message = (await Server.Client.SendTextAsync(HttpMethod.Post, "/integration", "name: [unclosed\nconfig: {}", "application/yaml")).ExpectError(HttpStatusCode.BadRequest);
        Assert.Contains("YAML", message);

        var typed = (await Server.Client.SendTextAsync(HttpMethod.Post, "/integration", "name: n\nconfig: {}\nis_beta: maybe", "application/yaml")).ExpectError(HttpStatusCode.BadRequest);
        Assert.Contains("$.is_beta: expected boolean, got string", typed);
    }

    [Fact]
    public async Task Yaml_is_refused_where_only_json_is_accepted()
    {
        (await Server.Client.SendTextAsync(HttpMethod.Post, "/environment", "name: yaml-env", "application/yaml")).ExpectError(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Invalid_config_is_400_listing_every_problem_under_config()
    {
        var config = TestData.ApiKeyConfig();
        config["pagination"] = new JsonObject { ["format"] = "pages" };
        config["resources"]!["users"]!["list"]!.AsObject().Remove("path");
        config["error_expression"] = "$.status = ";
        var answer = await Server.Client.PostJsonAsync("/integration", new JsonObject { ["name"] = TestData.Unique("bad"), ["config"] = config });
        answer.ExpectError(HttpStatusCode.BadRequest);
        var paths = answer.Json!["details"]!["errors"]!.AsArray().Select(e => e!["path"]!.GetValue<string>()).ToList();
        Assert.Contains("$.config.pagination.format", paths);
        Assert.Contains("$.config.resources.users.list.path", paths);
        Assert.Contains("$.config.error_expression", paths);
    }

    [Fact]
    public async Task Patch_that_makes_the_config_invalid_is_400_and_changes_nothing()
    {
        var created = await TestData.CreateIntegrationAsync(Server.Client);
        var path = $"/integration/{TestData.Id(created)}";
        var patch = new JsonObject { ["config"] = new JsonObject { ["query_array_format"] = "semicolons" } };
        Assert.Contains("$.config.query_array_format", (await Server.Client.PatchJsonAsync(path, patch)).ExpectError(HttpStatusCode.BadRequest));
        var current = (await Server.Client.GetJsonAsync(path)).Expect(HttpStatusCode.OK);
        Assert.Equal(1, current["version"]!.GetValue<long>());
        Assert.Null(current["config"]!["query_array_format"]);
    }

    [Fact]
    public async Task Literal_secrets_in_the_config_are_masked_and_a_patch_sending_the_mask_keeps_them()
    {
        var config = TestData.SignedConfig("whsec_literal_5d1c");
        var created = (await Server.Client.PostJsonAsync("/integration", new JsonObject { ["name"] = TestData.Unique("signed"), ["config"] = config }))
            .Expect(HttpStatusCode.Created);
        var path = $"/integration/{TestData.Id(created)}";
        Assert.DoesNotContain("whsec_literal_5d1c", created.ToJsonString());
        var read = (await Server.Client.GetJsonAsync(path)).Expect(HttpStatusCode.OK);
        Assert.Equal("********", read["config"]!["webhook"]!["signature_verification"]!["config"]!["secret"]!.GetValue<string>());

        // Sending back what GET showed keeps the stored secret.
        (await Server.Client.PatchJsonAsync(path, new JsonObject { ["config"] = read["config"]!.DeepClone() })).Expect(HttpStatusCode.OK);
        var stored = await Server.Services.GetRequiredService<IntegrationRepository>().GetAsync(Guid.Parse(TestData.Id(created)), default);
        Assert.Equal("whsec_literal_5d1c", stored!.Value.Config["webhook"]!["signature_verification"]!["config"]!["secret"]!.GetValue<string>());
    }
}
