using System.Net;
using System.Text.Json.Nodes;

namespace Serverless.Benchmarks.Scenarios;

/// <summary>What the scenarios set up through the platform API before they measure: an integration, installed.</summary>
internal static class IntegrationSetup
{
    /// <summary>Creates an integration named <paramref name="name"/> with <paramref name="configJson"/> and installs it in the admin token's environment.</summary>
    /// <param name="http">A client sending an admin token.</param>
    public static async Task InstallAsync(HttpClient http, string name, string configJson)
    {
        await InProcessPlatform.SendAsync(http, HttpMethod.Post, "/integration",
            $$"""{"name":"{{name}}","category":"crm","config":{{configJson}}}""", HttpStatusCode.Created);
        var integrations = JsonNode.Parse(await InProcessPlatform.SendAsync(http, HttpMethod.Get, "/integration?limit=1000", null, HttpStatusCode.OK))!["result"]!.AsArray();
        var id = integrations.First(i => i!["name"]!.GetValue<string>() == name)!["id"]!.GetValue<string>();
        await InProcessPlatform.SendAsync(http, HttpMethod.Post, "/environment-integration", $$"""{"integration_id":"{{id}}"}""", HttpStatusCode.Created);
    }
}
