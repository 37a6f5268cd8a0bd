using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.Api;

public sealed class OpenApiTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    /// <summary>Redocly's CLI, pinned; run through npx (node is needed for the tests anyway: Azurite).</summary>
    private const string RedoclyCli = "@redocly/cli@2.77.0";

    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    [Fact]
    public async Task Document_describes_every_endpoint_its_bodies_and_the_bearer_scheme_without_auth()
    {
        var document = await DocumentAsync();
        var paths = document["paths"]!.AsObject();
        foreach (var resource in new[] { "environment", "api-token", "integration", "environment-integration", "integrated-account", "webhook" })
        {
            Assert.True(paths.ContainsKey($"/{resource}"), resource);
            Assert.NotNull(paths[$"/{resource}"]!["get"]);
            Assert.NotNull(paths[$"/{resource}"]!["post"]);
        }

        Assert.NotNull(paths["/integration/{id}"]!["patch"]);
        Assert.NotNull(paths["/api-token/{id}"]!["delete"]);
        Assert.NotNull(paths["/health"]!["get"]!["responses"]!["503"]);

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

    [Fact]
    public async Task Every_operation_has_a_summary_an_operation_id_its_security_and_its_client_errors()
    {
        var document = await DocumentAsync();
        var problems = new List<string>();
        var operationIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject().Where(pair => Methods.Contains(pair.Key)))
            {
                var operation = node!.AsObject();
                var where = $"{method.ToUpperInvariant()} {path}";
                if (Text(operation["summary"]) is not { Length: > 0 }) problems.Add($"{where}: no summary");
                if (Text(operation["operationId"]) is not { Length: > 0 } id) problems.Add($"{where}: no operationId");
                else if (!operationIds.Add(id)) problems.Add($"{where}: operationId {id} is used twice");
                if (operation["security"] is not JsonArray { Count: > 0 } security) problems.Add($"{where}: no security (an empty requirement when no token is needed)");
                else if (path.StartsWith("/proxy", StringComparison.Ordinal) || path == "/link-token" || path.StartsWith("/integrated-account", StringComparison.Ordinal))
                {
                    if (!security.Any(requirement => requirement is JsonObject r && r.ContainsKey("api_token"))) problems.Add($"{where}: needs the bearer token but does not say so");
                }

                var responses = operation["responses"]?.AsObject().Select(pair => pair.Key).ToList() ?? [];
                // /health takes no token and no input: no client error to describe.
                if (path != "/health" && !responses.Any(status => status.StartsWith('4'))) problems.Add($"{where}: no 4xx response");
                if (operation["security"] is JsonArray { Count: > 0 } secured && secured.Any(r => r is JsonObject o && o.ContainsKey("api_token"))
                    && !new[] { "401", "403", "429" }.All(responses.Contains))
                {
                    problems.Add($"{where}: needs a token but does not list 401, 403 and 429");
                }
            }
        }

        foreach (var tag in document["tags"]?.AsArray() ?? [])
        {
            if (Text(tag!["description"]) is not { Length: > 0 }) problems.Add($"tag {Text(tag["name"])}: no description");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(operationIds.Count >= 45, $"only {operationIds.Count} operations");
    }

    [Fact]
    public async Task Redocly_lint_with_its_recommended_rules_finds_no_error()
    {
        var folder = Directory.CreateTempSubdirectory("openapi-lint-").FullName;
        try
        {
            var file = Path.Combine(folder, "openapi.json");
            await File.WriteAllTextAsync(file, (await DocumentAsync()).ToJsonString());
            var start = new ProcessStartInfo("npx") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "--yes", RedoclyCli, "lint", file, "--extends", "recommended", "--format", "json", "--max-problems", "1000" })
            {
                start.ArgumentList.Add(argument);
            }

            using var lint = Process.Start(start) ?? throw new InvalidOperationException("npx did not start");
            var errors = lint.StandardError.ReadToEndAsync();
            var output = await lint.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await lint.WaitForExitAsync(timeout.Token);

            var report = JsonNode.Parse(output) ?? throw new InvalidOperationException($"redocly printed no report: {await errors}");
            var found = report["problems"]!.AsArray()
                .Where(problem => Text(problem!["severity"]) == "error")
                .Select(problem => $"{Text(problem!["ruleId"])}: {Text(problem["message"])} at {Text(problem["location"]?[0]?["pointer"])}")
                .ToList();
            Assert.True(found.Count == 0, string.Join("\n", found));
            Assert.Equal(0, report["totals"]!["errors"]!.GetValue<int>());
            Assert.Equal(0, lint.ExitCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<JsonNode> DocumentAsync()
    {
        using var anonymous = fixture.Server.CreateClient(token: null);
        return (await anonymous.GetJsonAsync("/openapi.json")).Expect(HttpStatusCode.OK);
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
