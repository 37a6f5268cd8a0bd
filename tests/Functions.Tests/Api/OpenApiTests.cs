using System.Net;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.Api;

public sealed class OpenApiTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    [Fact]
    public async Task Document_describes_every_endpoint_its_bodies_and_the_bearer_scheme_without_auth()
    {
        using var anonymous = fixture.Server.CreateClient(token: null);
        var document = (await anonymous.GetJsonAsync("/openapi.json")).Expect(HttpStatusCode.OK);
        var paths = document["paths"]!.AsObject();
        foreach (var resource in new[] { "environment", "api-token", "integration", "environment-integration", "integrated-account", "webhook" })
        {
            Assert.True(paths.ContainsKey($"/{resource}"), resource);
            Assert.NotNull(paths[$"/{resource}"]!["get"]);
            Assert.NotNull(paths[$"/{resource}"]!["post"]);
        }

        Assert.NotNull(paths["/integration/{id}"]!["patch"]);
        Assert.NotNull(paths["/api-token/{id}"]!["delete"]);

        var postIntegration = paths["/integration"]!["post"]!;
        var content = postIntegration["requestBody"]!["content"]!.AsObject();
        Assert.True(content.ContainsKey("application/json"));
        Assert.True(content.ContainsKey("application/yaml"));
        Assert.NotNull(postIntegration["security"]);

        var schemes = document["components"]!["securitySchemes"]!.AsObject();
        Assert.Equal("bearer", schemes["api_token"]!["scheme"]!.GetValue<string>());
        var schemas = document["components"]!["schemas"]!.ToJsonString();
        Assert.Contains("\"is_beta\"", schemas);
        Assert.Contains("\"statusCode\"", schemas);
    }
}
