using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Serverless.Functions.Tests.Infrastructure;
using Serverless.Functions.Tests.Simulators;
using Xunit;

namespace Serverless.Functions.Tests.Proxy;

/// <summary>The OAuth2 authorization-code connect flow end to end, with PKCE, against the OAuth simulator.</summary>
public sealed class ConnectFlowTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    private HttpClient Client => fixture.Server.Client;

    [Fact]
    public async Task Link_connect_authorize_and_callback_create_an_account_whose_proxy_calls_work_and_the_state_is_single_use()
    {
        await using var oauth = new OAuthServerSimulator();
        await oauth.StartAsync();
        await using var hubspot = new HubSpotSimulator(SimulatorAuth.IssuedBy(oauth), contactCount: 120);
        await hubspot.StartAsync();
        var name = $"hubspot-{Guid.NewGuid():N}"[..20];
        var config = JsonNode.Parse($$$"""
            {
              "base_url": "{{{hubspot.BaseUrl}}}",
              "credentials": { "format": "oauth2", "config": {
                "client": { "id": "{{environment_variables.client_id}}", "secret": "{{environment_variables.client_secret}}" },
                "auth": { "tokenHost": "{{{oauth.BaseUrl}}}", "tokenPath": "/oauth/token", "authorizePath": "/oauth/authorize" },
                "scope": ["crm.objects.contacts.read"] } },
              "pagination": { "format": "cursor", "config": { "cursor_key": "after", "cursor_path": "paging.next.after" } },
              "resources": { "contacts": { "list": { "method": "get", "path": "/crm/v3/objects/contacts", "response_path": "results" } } }
            }
            """)!.AsObject();
        var integration = (await Client.PostJsonAsync("/integration", new JsonObject { ["name"] = name, ["category"] = "crm", ["config"] = config })).Expect(HttpStatusCode.Created);
        (await Client.PostJsonAsync("/environment-integration", new JsonObject
        {
            ["integration_id"] = integration["id"]!.GetValue<string>(),
            ["environment_variables"] = new JsonObject { ["client_id"] = oauth.ClientId, ["client_secret"] = oauth.ClientSecret },
        })).Expect(HttpStatusCode.Created);

        var link = (await Client.PostJsonAsync("/link-token", new JsonObject { ["tenant_id"] = "t-9", ["integration_name"] = name, ["redirect_uri"] = "https://app.example/done" }))
            .Expect(HttpStatusCode.Created);
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Server.BaseAddress };
        using var start = await anonymous.GetAsync(new Uri(link["url"]!.GetValue<string>()).PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.StartsWith(oauth.BaseUrl + "/oauth/authorize", authorize.ToString());
        Assert.Equal("S256", QueryHelpers.ParseQuery(authorize.Query)["code_challenge_method"].ToString());

        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var vendor = await noRedirects.GetAsync(authorize);
        var callback = vendor.Headers.Location!;
        using var finished = await anonymous.GetAsync(callback.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, finished.StatusCode);
        var done = finished.Headers.Location!;
        Assert.StartsWith("https://app.example/done?integrated_account_id=", done.ToString());
        var accountId = QueryHelpers.ParseQuery(done.Query)["integrated_account_id"].ToString();
        Assert.Equal("authorization_code", oauth.LastTokenRequest["grant_type"]);

        var replay = await anonymous.GetJsonAsync(callback.PathAndQuery);
        Assert.Contains("state", replay.ExpectError(HttpStatusCode.BadRequest));

        var page = (await Client.GetJsonAsync($"/proxy/contacts?integrated_account_id={accountId}&limit=100")).Expect(HttpStatusCode.OK);
        Assert.Equal(100, page["result_count"]!.GetValue<int>());
        var account = (await Client.GetJsonAsync($"/integrated-account/{accountId}")).Expect(HttpStatusCode.OK);
        Assert.Equal("t-9", account["tenant_id"]!.GetValue<string>());
        Assert.DoesNotContain("access_token", account.ToJsonString());
    }

    [Fact]
    public async Task A_forged_link_token_is_refused()
    {
        var answer = await fixture.Server.CreateClient(null).GetJsonAsync("/connect/anything?link_token=eyJ0eXAiOiJsaW5rIn0.AAAA");
        Assert.Contains("link_token", answer.ExpectError(HttpStatusCode.BadRequest));
    }
}
