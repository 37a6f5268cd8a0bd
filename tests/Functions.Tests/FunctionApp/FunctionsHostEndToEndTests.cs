using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Serverless.Core.Events;
using Serverless.Core.Tests.Events;
using Serverless.Functions.Storage.Azure;
using Serverless.Functions.Tests.Api;
using Serverless.Functions.Tests.Infrastructure;
using Serverless.Functions.Tests.Readme;
using Serverless.Functions.Tests.Simulators;
using Serverless.Functions.Tests.Webhooks.Inbound;
using Serverless.Functions.Tests.Webhooks.Outbound;
using Xunit;

namespace Serverless.Functions.Tests.FunctionApp;

/// <summary>
/// The published Function App under the real Functions host, through the host's HTTP port: its HTTP functions
/// serve the API, the proxy and the inbound webhooks, its queue functions fan events out and deliver webhooks,
/// its timer function sweeps the outbox.
/// </summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class FunctionsHostEndToEndTests(FunctionsHostFixture host)
{
    private static readonly TimeSpan DeliveryPatience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Health_answers_through_the_host()
    {
        var health = await host.Client.GetJsonAsync("/health");

        Assert.Equal("""{"status":"ok"}""", health.Expect(HttpStatusCode.OK).ToJsonString());
    }

    [Fact]
    public async Task Readme_quickstart_runs_as_written_through_the_host()
    {
        await ReadmeQuickstart.RunAndCheckAsync(host.BaseAddress, FunctionsHostFixture.AdminToken);
    }

    [Fact]
    public async Task Api_errors_keep_their_envelope_through_the_host()
    {
        var unauthenticated = await new HttpClient { BaseAddress = host.BaseAddress }.GetJsonAsync("/environment");
        unauthenticated.ExpectError(HttpStatusCode.Unauthorized);

        var unknown = await host.Client.GetJsonAsync("/environment/x/y");
        Assert.Contains("no endpoint at /environment/x/y", unknown.ExpectError(HttpStatusCode.NotFound), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proxy_call_reaches_the_vendor_simulator_through_the_host()
    {
        await using var github = new GitHubSimulator("ghp_through_the_host", repositoryCount: 3);
        await github.StartAsync();
        var client = await NewEnvironmentClientAsync();
        var config = JsonNode.Parse($$$"""
            {
              "base_url": "{{{github.BaseUrl}}}",
              "credentials": { "format": "api_key", "config": { "fields": [ { "name": "api_key", "type": "password", "required": true } ] } },
              "resources": { "repos": { "list": { "method": "get", "path": "/user/repos" } } }
            }
            """)!.AsObject();
        var integration = await TestData.CreateIntegrationAsync(host.Client, config: config);
        (await client.PostJsonAsync("/environment-integration", new JsonObject { ["integration_id"] = TestData.Id(integration) })).Expect(HttpStatusCode.Created);
        var account = (await client.PostJsonAsync("/integrated-account", new JsonObject
        {
            ["integration_name"] = TestData.Name(integration),
            ["tenant_id"] = "tenant-1",
            ["context"] = new JsonObject { ["api_key"] = "ghp_through_the_host" },
        })).Expect(HttpStatusCode.Created);

        var answer = await client.GetJsonAsync($"/proxy/repos?integrated_account_id={TestData.Id(account)}");

        var records = answer.Expect(HttpStatusCode.OK)["result"]!.AsArray();
        SimulatorTestClient.AssertSameRecords(github.Repositories, records);
        Assert.Equal("Bearer ghp_through_the_host", Assert.Single(github.Requests).Header("Authorization"));
        Assert.DoesNotContain("ghp_through_the_host", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inbound_webhook_with_a_valid_signature_is_accepted_and_a_forged_one_refused_through_the_host()
    {
        const string secret = "whsec_through_the_host";
        const string body = """{"action":"opened","issue":{"id":1}}""";
        var (environmentId, client) = await NewEnvironmentAsync();
        var setup = await InboundWebhookSetup.CreateAsync(host.Client, client, environmentId, VendorWebhookScheme.GitHub.Webhook, secret);

        var accepted = await PostAnonymousAsync(setup.AccountUrl, body, VendorWebhookScheme.GitHub.Sign(secret, body, DateTimeOffset.UtcNow));
        var forged = await PostAnonymousAsync(setup.AccountUrl, body, VendorWebhookScheme.GitHub.Sign("whsec_wrong", body, DateTimeOffset.UtcNow));

        Assert.Equal(1, accepted.Expect(HttpStatusCode.OK)["events"]!.GetValue<int>());
        Assert.Contains("webhook signature rejected", forged.ExpectError(HttpStatusCode.Unauthorized), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Event_reaches_a_webhook_through_the_fan_out_and_delivery_queue_functions()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var client = await NewEnvironmentClientAsync();
        (await client.PostJsonAsync("/webhook", new JsonObject { ["target_url"] = receiver.Url })).Expect(HttpStatusCode.Created);
        var (integration, _) = await TestData.InstallAsync(client, host.Client);

        var account = await TestData.CreateAccountAsync(client, TestData.Name(integration), "k_live");

        var delivered = await WaitForAsync(receiver, body => body.Contains(EventTypes.IntegratedAccountCreated, StringComparison.Ordinal));
        Assert.Contains(TestData.Id(account), delivered, StringComparison.Ordinal);
        Assert.DoesNotContain("k_live", delivered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timer_sweep_re_enqueues_an_event_left_with_a_marker_by_an_earlier_version()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var client = await NewEnvironmentClientAsync();
        var created = (await client.PostJsonAsync("/webhook", new JsonObject { ["target_url"] = receiver.Url })).Expect(HttpStatusCode.Created);
        var environmentId = Guid.Parse(created["environment_id"]!.GetValue<string>());
        // An earlier version stored the marker and the event, then died before enqueueing the fan-out.
        var store = new AzureTableDocumentStore(host.Azurite.Clients.Tables);
        var lost = new PlatformEvent(Guid.CreateVersion7(), environmentId, "record:deleted", new JsonObject { ["id"] = "lost-1" },
            DateTimeOffset.UtcNow - EventOutboxSweeper.GracePeriod - TimeSpan.FromSeconds(5));
        await EventOutboxMarkers.WriteAsync(store, lost);
        await new StoredEventLog(store).PublishAsync(lost);

        // EventOutboxSweep runs every minute: the next firing finds the marker and fans the event out.
        var delivered = await WaitForAsync(receiver, body => body.Contains(lost.Id.ToString("D"), StringComparison.Ordinal), TimeSpan.FromSeconds(90));
        Assert.Contains("\"event\":\"record:deleted\"", delivered, StringComparison.Ordinal);
    }

    private async Task<ApiAnswer> PostAnonymousAsync(string url, string body, Dictionary<string, string> headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var anonymous = new HttpClient { BaseAddress = host.BaseAddress };
        return await anonymous.SendRawAsync(request);
    }

    private async Task<HttpClient> NewEnvironmentClientAsync() => (await NewEnvironmentAsync()).Client;

    /// <summary>A new environment and a client holding a token of it, so that tests sharing the host never see each other's events.</summary>
    private async Task<(Guid EnvironmentId, HttpClient Client)> NewEnvironmentAsync()
    {
        var environment = (await host.Client.PostJsonAsync("/environment", new JsonObject { ["name"] = TestData.Unique("env") })).Expect(HttpStatusCode.Created);
        var token = (await host.Client.PostJsonAsync("/api-token", new JsonObject { ["name"] = "t", ["environment_id"] = TestData.Id(environment) }))
            .Expect(HttpStatusCode.Created);
        var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token["token"]!.GetValue<string>());
        return (Guid.Parse(TestData.Id(environment)), client);
    }

    private async Task<string> WaitForAsync(WebhookReceiver receiver, Func<string, bool> matches, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? DeliveryPatience);
        while (DateTime.UtcNow < deadline)
        {
            if (receiver.Received.Select(r => Encoding.UTF8.GetString(r.Body)).FirstOrDefault(matches) is { } body)
            {
                return body;
            }
            await Task.Delay(200);
        }
        throw new Xunit.Sdk.XunitException($"no matching webhook arrived within {patience ?? DeliveryPatience}.\n--- host output ---\n{host.Output}");
    }
}
