using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Events;
using Serverless.Functions.Tests.Api;
using Serverless.Functions.Tests.Infrastructure;

namespace Serverless.Functions.Tests.Webhooks.Inbound;

/// <summary>A fresh environment with an integration carrying <c>webhook</c>, installed with the signing secret as a variable, and one account whose context holds it too.</summary>
internal sealed record InboundWebhookSetup(Guid EnvironmentId, string IntegrationName, string InstallId, string AccountId)
{
    public string AccountUrl => $"/integrated-account-webhook/{AccountId}";

    public string InstallUrl => $"/environment-integration-webhook/{InstallId}";

    public static async Task<InboundWebhookSetup> CreateAsync(PlatformServer server, JsonObject webhook, string secret)
    {
        var (environmentId, client) = await TestData.NewEnvironmentAsync(server);
        return await CreateAsync(server.Client, client, Guid.Parse(environmentId), webhook, secret);
    }

    /// <summary>
    /// The same setup in the environment of <paramref name="client"/>'s token, on any running platform; the
    /// integration (team level) is created with <paramref name="admin"/>'s token.
    /// </summary>
    public static async Task<InboundWebhookSetup> CreateAsync(HttpClient admin, HttpClient client, Guid environmentId, JsonObject webhook, string secret)
    {
        var config = new JsonObject
        {
            ["base_url"] = "https://api.vendor.example",
            ["credentials"] = new JsonObject
            {
                ["format"] = "api_key",
                ["config"] = new JsonObject
                {
                    ["fields"] = new JsonArray(
                        new JsonObject { ["name"] = "api_key", ["type"] = "password", ["required"] = true },
                        new JsonObject { ["name"] = "webhook_secret", ["type"] = "password" },
                        new JsonObject { ["name"] = "team_id", ["type"] = "text" },
                        new JsonObject { ["name"] = "stripe_account_id", ["type"] = "text" }),
                },
            },
            ["resources"] = new JsonObject { ["users"] = new JsonObject { ["list"] = new JsonObject { ["method"] = "get", ["path"] = "/users" } } },
            ["webhook"] = webhook.DeepClone(),
        };
        var integration = await TestData.CreateIntegrationAsync(admin, TestData.Unique("vendor"), config);
        var install = (await client.PostJsonAsync("/environment-integration", new JsonObject
        {
            ["integration_id"] = TestData.Id(integration),
            ["environment_variables"] = new JsonObject { ["signing_secret"] = secret, ["client_state"] = secret },
        })).Expect(HttpStatusCode.Created);
        var account = (await client.PostJsonAsync("/integrated-account", new JsonObject
        {
            ["integration_name"] = TestData.Name(integration),
            ["tenant_id"] = "tenant-1",
            ["context"] = new JsonObject { ["api_key"] = "k_live", ["webhook_secret"] = secret, ["team_id"] = "T1", ["stripe_account_id"] = "acct_1" },
        })).Expect(HttpStatusCode.Created);
        return new InboundWebhookSetup(environmentId, TestData.Name(integration), TestData.Id(install), TestData.Id(account));
    }

    /// <summary>The <c>record:*</c> events stored for this setup's environment.</summary>
    public async Task<IReadOnlyList<PlatformEvent>> EventsAsync(PlatformServer server)
    {
        var page = await server.Services.GetRequiredService<StoredEventLog>().ListAsync(EnvironmentId, 100, null);
        return page.Items.Where(e => e.EventType.StartsWith("record:", StringComparison.Ordinal)).ToList();
    }
}
