using System.Net;
using System.Text.Json.Nodes;
using Serverless.Functions.Tests.Infrastructure;

namespace Serverless.Functions.Tests.Api;

/// <summary>Realistic bodies and setup steps shared by the API tests.</summary>
internal static class TestData
{
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>An API-key integration: a password field, a patterned text field and a single_select with a default.</summary>
    /// <summary><see cref="ApiKeyConfig"/> with HMAC-signed inbound webhooks whose secret is <paramref name="secret"/>.</summary>
    public static JsonObject SignedConfig(string secret)
    {
        var config = ApiKeyConfig();
        config["webhook"] = new JsonObject
        {
            ["signature_verification"] = new JsonObject
            {
                ["format"] = "hmac",
                ["config"] = new JsonObject
                {
                    ["secret"] = secret,
                    ["algorithm"] = "sha256",
                    ["string_type"] = "hex",
                    ["compare_with"] = "{{headers.x-signature}}",
                    ["parts"] = new JsonArray("{{raw_body}}"),
                },
            },
        };
        return config;
    }

    public static JsonObject ApiKeyConfig() => new()
    {
        ["base_url"] = "https://api.acme.example",
        ["credentials"] = new JsonObject
        {
            ["format"] = "api_key",
            ["config"] = new JsonObject
            {
                ["fields"] = new JsonArray(
                    new JsonObject { ["name"] = "api_key", ["label"] = "API key", ["type"] = "password", ["required"] = true },
                    new JsonObject { ["name"] = "subdomain", ["label"] = "Subdomain", ["type"] = "text", ["required"] = true, ["pattern"] = "^[a-z0-9-]+$" },
                    new JsonObject
                    {
                        ["name"] = "region",
                        ["label"] = "Region",
                        ["type"] = "single_select",
                        ["default"] = "us",
                        ["options"] = new JsonArray(new JsonObject { ["value"] = "us", ["label"] = "US" }, new JsonObject { ["value"] = "eu", ["label"] = "EU" }),
                    }),
            },
        },
        ["resources"] = new JsonObject
        {
            ["users"] = new JsonObject
            {
                ["list"] = new JsonObject { ["method"] = "get", ["path"] = "/users" },
                ["get"] = new JsonObject { ["method"] = "get", ["path"] = "/users/{{id}}" },
            },
        },
    };

    /// <summary>An integration (team level, so <paramref name="admin"/> holds an admin token).</summary>
    public static async Task<JsonNode> CreateIntegrationAsync(HttpClient admin, string? name = null, JsonObject? config = null) =>
        (await admin.PostJsonAsync("/integration", new JsonObject
        {
            ["name"] = name ?? Unique("acme"),
            ["category"] = "crm",
            ["config"] = config ?? ApiKeyConfig(),
        })).Expect(HttpStatusCode.Created);

    /// <summary>An integration created by <paramref name="admin"/>, installed in the client's environment: (integration, environment integration).</summary>
    public static async Task<(JsonNode Integration, JsonNode Install)> InstallAsync(HttpClient client, HttpClient admin)
    {
        var integration = await CreateIntegrationAsync(admin);
        var install = (await client.PostJsonAsync("/environment-integration", new JsonObject { ["integration_id"] = Id(integration) }))
            .Expect(HttpStatusCode.Created);
        return (integration, install);
    }

    public static async Task<JsonNode> CreateAccountAsync(HttpClient client, string integrationName, string apiKey, string tenantId = "tenant-1") =>
        (await client.PostJsonAsync("/integrated-account", new JsonObject
        {
            ["integration_name"] = integrationName,
            ["tenant_id"] = tenantId,
            ["authentication_method"] = "api_key",
            ["context"] = new JsonObject { ["api_key"] = apiKey, ["subdomain"] = "acme-co" },
        })).Expect(HttpStatusCode.Created);

    /// <summary>A new environment and a client holding a token of it.</summary>
    public static async Task<(string EnvironmentId, HttpClient Client)> NewEnvironmentAsync(PlatformServer server)
    {
        var environment = (await server.Client.PostJsonAsync("/environment", new JsonObject { ["name"] = Unique("env") })).Expect(HttpStatusCode.Created);
        var token = (await server.Client.PostJsonAsync("/api-token", new JsonObject { ["name"] = "t", ["environment_id"] = Id(environment) }))
            .Expect(HttpStatusCode.Created);
        return (Id(environment), server.CreateClient(token["token"]!.GetValue<string>()));
    }

    /// <summary>A client holding an <c>admin</c> token of the environment (what may change where its installations' requests go).</summary>
    public static async Task<HttpClient> AdminOfAsync(PlatformServer server, string environmentId)
    {
        var token = (await server.Client.PostJsonAsync("/api-token", new JsonObject { ["name"] = "admin", ["environment_id"] = environmentId, ["scope"] = "admin" }))
            .Expect(HttpStatusCode.Created);
        return server.CreateClient(token["token"]!.GetValue<string>());
    }

    public static string Id(JsonNode node) => node["id"]!.GetValue<string>();

    public static string Name(JsonNode node) => node["name"]!.GetValue<string>();
}
