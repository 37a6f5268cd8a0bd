using System.Net;
using System.Text.Json.Nodes;
using Xunit;
using static Serverless.Functions.Tests.Simulators.SimulatorTestClient;

namespace Serverless.Functions.Tests.Simulators;

public sealed class VendorSimulatorTests
{
    [Fact]
    public async Task GitHub_rejects_a_wrong_token_and_walks_every_repository_through_link_headers()
    {
        await using var github = new GitHubSimulator("good-token", repositoryCount: 205);
        await github.StartAsync();

        var (rejected, rejectedBody) = await GetAsync(github.BaseUrl + "/user/repos", Bearer("bad-token"));
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Equal("Bad credentials", (string?)rejectedBody!["message"]);

        var records = new List<JsonNode?>();
        string? next = github.BaseUrl + "/user/repos?per_page=50";
        var pages = 0;
        while (next is not null)
        {
            var (response, body) = await GetAsync(next, Bearer("good-token"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            records.AddRange(body!.AsArray());
            next = NextLink(response);
            pages++;
        }
        Assert.Equal(5, pages);
        AssertSameRecords(github.Repositories, records);
    }

    [Fact]
    public async Task GitHub_first_page_announces_the_last_page()
    {
        await using var github = new GitHubSimulator("t", repositoryCount: 205);
        await github.StartAsync();
        var (response, _) = await GetAsync(github.BaseUrl + "/user/repos?per_page=100&page=1", Bearer("t"));
        var link = string.Join(",", response.Headers.GetValues("Link"));
        Assert.Contains($"<{github.BaseUrl}/user/repos?per_page=100&page=3>; rel=\"last\"", link);
        Assert.DoesNotContain("rel=\"prev\"", link);
    }

    [Fact]
    public async Task Rate_limit_switch_answers_429_with_retry_after_for_exactly_the_next_n_requests()
    {
        await using var github = new GitHubSimulator("t", repositoryCount: 3);
        await github.StartAsync();
        github.RateLimitNextRequests(2, "7");

        var first = await GetAsync(github.BaseUrl + "/user/repos", Bearer("t"));
        var second = await GetAsync(github.BaseUrl + "/user/repos", Bearer("t"));
        var third = await GetAsync(github.BaseUrl + "/user/repos", Bearer("t"));

        Assert.Equal(HttpStatusCode.TooManyRequests, first.Response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), first.Response.Headers.RetryAfter!.Delta);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.Response.StatusCode);
        Assert.Equal(3, github.Requests.Count);
        Assert.Equal("Bearer t", github.Requests[0].Header("Authorization"));
    }

    [Fact]
    public async Task Stripe_requires_the_secret_key_as_basic_user_and_pages_with_starting_after()
    {
        await using var stripe = new StripeSimulator("sk_test_1", customerCount: 230);
        await stripe.StartAsync();

        var (rejected, rejectedBody) = await GetAsync(stripe.BaseUrl + "/v1/customers", Basic("sk_test_wrong", ""));
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Equal("invalid_request_error", (string?)rejectedBody!["error"]!["type"]);

        var records = new List<JsonNode?>();
        string? after = null;
        bool hasMore;
        do
        {
            var url = stripe.BaseUrl + "/v1/customers?limit=100" + (after is null ? "" : "&starting_after=" + after);
            var (response, body) = await GetAsync(url, Basic("sk_test_1", ""));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("list", (string?)body!["object"]);
            var data = body["data"]!.AsArray();
            records.AddRange(data);
            after = (string?)data[^1]!["id"];
            hasMore = (bool)body["has_more"]!;
        }
        while (hasMore);
        AssertSameRecords(stripe.Customers, records);
    }

    [Fact]
    public async Task Stripe_creates_a_customer_from_a_form_body()
    {
        await using var stripe = new StripeSimulator("sk_test_1", customerCount: 1);
        await stripe.StartAsync();
        var (response, body) = await PostAsync(stripe.BaseUrl + "/v1/customers",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "new@example.com", ["name"] = "New" }),
            Basic("sk_test_1", ""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("new@example.com", (string?)body!["email"]);
        Assert.Equal(2, stripe.Customers.Count);
        Assert.Equal("email=new%40example.com&name=New", stripe.Requests[^1].Body);
    }

    [Fact]
    public async Task HubSpot_rejects_unknown_tokens_and_pages_with_after_until_paging_disappears()
    {
        await using var hubspot = new HubSpotSimulator(SimulatorAuth.Bearer("hs-token"), contactCount: 240);
        await hubspot.StartAsync();

        var (rejected, rejectedBody) = await GetAsync(hubspot.BaseUrl + "/crm/v3/objects/contacts", Bearer("other"));
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Equal("INVALID_AUTHENTICATION", (string?)rejectedBody!["category"]);

        var records = new List<JsonNode?>();
        string? after = null;
        do
        {
            var (_, body) = await GetAsync(hubspot.BaseUrl + "/crm/v3/objects/contacts?limit=100" + (after is null ? "" : "&after=" + after), Bearer("hs-token"));
            records.AddRange(body!["results"]!.AsArray());
            after = (string?)body["paging"]?["next"]?["after"];
        }
        while (after is not null);
        AssertSameRecords(hubspot.Contacts, records);
    }

    [Fact]
    public async Task Salesforce_follows_relative_next_records_urls_in_batches_from_the_query_options_header()
    {
        await using var salesforce = new SalesforceSimulator(SimulatorAuth.Bearer("sf-token"), accountCount: 450);
        await salesforce.StartAsync();

        var (rejected, rejectedBody) = await GetAsync(salesforce.BaseUrl + "/services/data/v59.0/query?q=SELECT+Id+FROM+Account", null);
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Equal("INVALID_SESSION_ID", (string?)rejectedBody![0]!["errorCode"]);

        var records = new List<JsonNode?>();
        string? next = "/services/data/v59.0/query?q=SELECT+Id,Name+FROM+Account";
        var pages = 0;
        while (next is not null)
        {
            var (_, body) = await GetAsync(salesforce.BaseUrl + next, Bearer("sf-token"), ("Sforce-Query-Options", "batchSize=200"));
            Assert.Equal(450, (int)body!["totalSize"]!);
            records.AddRange(body["records"]!.AsArray());
            next = (string?)body["nextRecordsUrl"];
            Assert.True(next is null || next.StartsWith("/services/data/v59.0/query/01g", StringComparison.Ordinal));
            Assert.Equal(next is null, (bool)body["done"]!);
            pages++;
        }
        Assert.Equal(3, pages);
        AssertSameRecords(salesforce.Accounts, records);
    }

    [Fact]
    public async Task Graph_follows_absolute_odata_next_links()
    {
        await using var graph = new MicrosoftGraphSimulator(SimulatorAuth.Bearer("graph-token"), userCount: 260);
        await graph.StartAsync();

        var (rejected, rejectedBody) = await GetAsync(graph.BaseUrl + "/v1.0/users", Bearer("nope"));
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Equal("InvalidAuthenticationToken", (string?)rejectedBody!["error"]!["code"]);

        var records = new List<JsonNode?>();
        string? next = graph.BaseUrl + "/v1.0/users?$top=100";
        while (next is not null)
        {
            var (_, body) = await GetAsync(next, Bearer("graph-token"));
            records.AddRange(body!["value"]!.AsArray());
            next = (string?)body["@odata.nextLink"];
            Assert.True(next is null || next.StartsWith(graph.BaseUrl, StringComparison.Ordinal));
        }
        AssertSameRecords(graph.Users, records);
    }

    [Fact]
    public async Task Slack_answers_a_bad_token_with_200_ok_false_and_ends_with_an_empty_cursor()
    {
        await using var slack = new SlackSimulator("xoxb-1", memberCount: 275);
        await slack.StartAsync();

        var (rejected, rejectedBody) = await GetAsync(slack.BaseUrl + "/api/users.list", Bearer("xoxb-wrong"));
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.False((bool)rejectedBody!["ok"]!);
        Assert.Equal("invalid_auth", (string?)rejectedBody["error"]);

        var records = new List<JsonNode?>();
        var cursor = "";
        do
        {
            var (_, body) = await GetAsync(slack.BaseUrl + "/api/users.list?limit=100&cursor=" + Uri.EscapeDataString(cursor), Bearer("xoxb-1"));
            Assert.True((bool)body!["ok"]!);
            records.AddRange(body["members"]!.AsArray());
            cursor = (string)body["response_metadata"]!["next_cursor"]!;
        }
        while (cursor.Length > 0);
        AssertSameRecords(slack.Members, records);
    }

    [Fact]
    public async Task Jira_requires_email_and_api_token_and_pages_with_start_at_up_to_total()
    {
        await using var jira = new JiraSimulator("me@example.com", "tok", issueCount: 320);
        await jira.StartAsync();

        var (rejected, _) = await GetAsync(jira.BaseUrl + "/rest/api/3/search", Basic("me@example.com", "wrong"));
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);

        var records = new List<JsonNode?>();
        var startAt = 0;
        int total;
        do
        {
            var (_, body) = await GetAsync($"{jira.BaseUrl}/rest/api/3/search?startAt={startAt}&maxResults=100", Basic("me@example.com", "tok"));
            var issues = body!["issues"]!.AsArray();
            records.AddRange(issues);
            startAt += issues.Count;
            total = (int)body["total"]!;
        }
        while (startAt < total);
        AssertSameRecords(jira.Issues, records);
    }

    private static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values)) return null;
        foreach (var part in string.Join(",", values).Split(','))
        {
            if (part.Contains("rel=\"next\"", StringComparison.Ordinal)) return part[(part.IndexOf('<') + 1)..part.IndexOf('>')];
        }
        return null;
    }
}
