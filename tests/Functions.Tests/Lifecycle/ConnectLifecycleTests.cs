using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Events;
using Serverless.Functions.Tests.Infrastructure;
using Serverless.Functions.Tests.Simulators;
using Xunit;

namespace Serverless.Functions.Tests.Lifecycle;

/// <summary>The OAuth connect callback runs the same lifecycle as an import: post_install, validation, then active.</summary>
public sealed class ConnectLifecycleTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    private HttpClient Client => fixture.Server.Client;

    [Theory]
    [InlineData(3, "active", false)]
    [InlineData(0, "validation_error", false)]
    [InlineData(3, "active", true)]
    public async Task The_connect_callback_runs_post_install_and_validation_with_the_new_token(int contacts, string expected, bool browser)
    {
        await using var oauth = new OAuthServerSimulator();
        await oauth.StartAsync();
        await using var hubspot = new HubSpotSimulator(SimulatorAuth.IssuedBy(oauth), contactCount: contacts);
        await hubspot.StartAsync();
        var name = $"hs-life-{Guid.NewGuid():N}"[..20];
        var config = JsonNode.Parse($$$"""
            {
              "base_url": "{{{hubspot.BaseUrl}}}",
              "credentials": { "format": "oauth2", "config": {
                "client": { "id": "{{environment_variables.client_id}}", "secret": "{{environment_variables.client_secret}}" },
                "auth": { "tokenHost": "{{{oauth.BaseUrl}}}", "tokenPath": "/oauth/token", "authorizePath": "/oauth/authorize" } } },
              "resources": { "contacts": { "list": { "method": "get", "path": "/crm/v3/objects/contacts", "response_path": "results" } } },
              "actions": {
                "post_install": { "steps": [ { "type": "update_context", "expression": "{ 'installed_by': 'connect' }" } ] },
                "validation": { "config": { "method": "GET", "path": "/crm/v3/objects/contacts", "response_path": "results" } }
              }
            }
            """)!.AsObject();
        var integration = (await Client.PostJsonAsync("/integration", new JsonObject { ["name"] = name, ["category"] = "crm", ["config"] = config })).Expect(HttpStatusCode.Created);
        (await Client.PostJsonAsync("/environment-integration", new JsonObject
        {
            ["integration_id"] = integration["id"]!.GetValue<string>(),
            ["environment_variables"] = new JsonObject { ["client_id"] = oauth.ClientId, ["client_secret"] = oauth.ClientSecret },
        })).Expect(HttpStatusCode.Created);
        var link = (await Client.PostJsonAsync("/link-token", new JsonObject { ["tenant_id"] = "t-1", ["integration_name"] = name })).Expect(HttpStatusCode.Created);

        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Server.BaseAddress };
        using var start = await anonymous.GetAsync(new Uri(link["url"]!.GetValue<string>()).PathAndQuery);
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var vendor = await noRedirects.GetAsync(start.Headers.Location!);
        string accountId;
        if (browser)
        {
            // A person's browser gets a small result page instead of JSON.
            using var request = new HttpRequestMessage(HttpMethod.Get, vendor.Headers.Location!.PathAndQuery);
            request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");
            using var page = await anonymous.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains($"<strong id=\"status\">{expected}</strong>", html, StringComparison.Ordinal);
            accountId = Regex.Match(html, "<code id=\"integrated-account-id\">([0-9a-f-]{36})</code>").Groups[1].Value;
            Assert.NotEmpty(accountId);
        }
        else
        {
            var finished = (await anonymous.GetJsonAsync(vendor.Headers.Location!.PathAndQuery)).Expect(HttpStatusCode.OK);
            Assert.Equal(expected, finished["status"]!.GetValue<string>());
            accountId = finished["integrated_account_id"]!.GetValue<string>();
        }
        var account = (await Client.GetJsonAsync($"/integrated-account/{accountId}")).Expect(HttpStatusCode.OK);
        Assert.Equal(expected, account["status"]!.GetValue<string>());
        Assert.Equal("connect", account["context"]!["installed_by"]!.GetValue<string>());
        Assert.StartsWith("Bearer ", hubspot.Requests[^1].Header("Authorization"));
        var events = await fixture.Server.Services.GetRequiredService<StoredEventLog>().ListAsync(Guid.Parse(account["environment_id"]!.GetValue<string>()), 1000, null);
        Assert.Contains(events.Items, e => e.EventType == "integrated_account:" + expected && e.Payload["integrated_account_id"]!.GetValue<string>() == accountId);
    }
}
