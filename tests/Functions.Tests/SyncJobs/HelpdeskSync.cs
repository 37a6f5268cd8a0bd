using System.Net;
using System.Text.Json.Nodes;
using Serverless.Functions.Tests.Api;
using Serverless.Functions.Tests.Infrastructure;
using Serverless.Functions.Tests.Simulators;
using Serverless.Functions.Tests.Webhooks.Outbound;
using Xunit;

namespace Serverless.Functions.Tests.SyncJobs;

/// <summary>
/// A help desk integration (<see cref="HelpdeskSimulator"/>) set up through the API of a running platform, an account,
/// a webhook on a <see cref="WebhookReceiver"/>, and the three-resource sync job of Truto's RapidBridge guide: users,
/// tickets (incremental with <c>{{previous_run_date}}</c>), and each ticket's comments (<c>depends_on</c> tickets).
/// </summary>
internal sealed record HelpdeskSync(string IntegrationName, Guid AccountId, Guid WebhookId, string Secret, Guid JobId)
{
    public const string Token = "helpdesk-token";
    public static readonly string[] Resources = ["users", "tickets", "ticket_comments"];

    public static JsonObject Config(string baseUrl) => JsonNode.Parse($$"""
        {
          "base_url": "{{baseUrl}}",
          "credentials": { "format": "api_key", "config": { "fields": [ { "name": "api_key", "label": "API token", "type": "password", "required": true } ] } },
          "authorization": { "format": "bearer", "config": { "token": "{{"{{api_key}}"}}" } },
          "pagination": { "format": "cursor", "config": { "cursor_key": "page[after]", "cursor_path": "meta.after_cursor", "has_more_path": "meta.has_more", "limit_key": "page[size]" } },
          "resources": {
            "users": { "list": { "method": "get", "path": "/api/v2/users.json", "response_path": "users" } },
            "tickets": { "list": { "method": "get", "path": "/api/v2/tickets.json", "response_path": "tickets" } },
            "ticket_comments": { "list": { "method": "get", "path": "/api/v2/tickets/{{"{{id}}"}}/comments.json", "response_path": "comments" } }
          }
        }
        """)!.AsObject();

    public static JsonArray JobResources() => JsonNode.Parse("""
        [
          { "resource": "users" },
          { "resource": "tickets", "query": { "updated_since": "{{previous_run_date}}" } },
          { "resource": "ticket_comments", "depends_on": "tickets", "id": "{{resources.tickets.id}}" }
        ]
        """)!.AsArray();

    /// <summary>Creates everything through the platform API with <paramref name="admin"/>, a client holding an admin token.</summary>
    public static async Task<HelpdeskSync> CreateAsync(HttpClient admin, string vendorUrl, string receiverUrl, JsonArray? resources = null, JsonObject? argsSchema = null)
    {
        var name = await InstallAsync(admin, vendorUrl, null);
        var accountId = await new HelpdeskSync(name, Guid.Empty, Guid.Empty, "", Guid.Empty).ConnectAccountAsync(admin);
        return await SubscribeAsync(admin, name, receiverUrl, resources, argsSchema) with { AccountId = accountId };
    }

    /// <summary>
    /// Everything but the account (<see cref="AccountId"/> empty): the integration (named <paramref name="name"/>, or
    /// a unique name), installed, a webhook and the sync job; <see cref="ConnectAccountAsync"/> connects one later.
    /// </summary>
    public static async Task<HelpdeskSync> PrepareAsync(
        HttpClient admin, string vendorUrl, string receiverUrl, JsonArray? resources = null, JsonObject? argsSchema = null, string? name = null) =>
        await SubscribeAsync(admin, await InstallAsync(admin, vendorUrl, name), receiverUrl, resources, argsSchema);

    private static async Task<string> InstallAsync(HttpClient admin, string vendorUrl, string? name)
    {
        name ??= TestData.Unique("helpdesk");
        var integration = (await admin.PostJsonAsync("/integration", new JsonObject { ["name"] = name, ["category"] = "ticketing", ["config"] = Config(vendorUrl) }))
            .Expect(HttpStatusCode.Created);
        (await admin.PostJsonAsync("/environment-integration", new JsonObject { ["integration_id"] = integration["id"]!.GetValue<string>() })).Expect(HttpStatusCode.Created);
        return name;
    }

    private static async Task<HelpdeskSync> SubscribeAsync(HttpClient admin, string name, string receiverUrl, JsonArray? resources, JsonObject? argsSchema)
    {
        var webhook = (await admin.PostJsonAsync("/webhook", new JsonObject { ["target_url"] = receiverUrl })).Expect(HttpStatusCode.Created);
        var job = new JsonObject { ["integration_name"] = name, ["resources"] = resources ?? JobResources() };
        if (argsSchema is not null) job["args_schema"] = argsSchema;
        var created = (await admin.PostJsonAsync("/sync-job", job)).Expect(HttpStatusCode.Created);
        return new HelpdeskSync(name, Guid.Empty, Id(webhook), webhook["secret"]!.GetValue<string>(), Id(created));
    }

    /// <summary>Imports an account of the integration (it becomes active at once: <c>integrated_account:active</c>).</summary>
    public async Task<Guid> ConnectAccountAsync(HttpClient client)
    {
        var account = (await client.PostJsonAsync("/integrated-account", new JsonObject
        {
            ["integration_name"] = IntegrationName,
            ["tenant_id"] = TestData.Unique("tenant"),
            ["context"] = new JsonObject { ["api_key"] = Token },
        })).Expect(HttpStatusCode.Created);
        return Id(account);
    }

    public async Task<Guid> StartRunAsync(HttpClient client, JsonObject? extra = null)
    {
        var body = new JsonObject { ["sync_job_id"] = JobId.ToString(), ["integrated_account_id"] = AccountId.ToString(), ["webhook_id"] = WebhookId.ToString() };
        foreach (var (key, value) in extra ?? []) body[key] = value?.DeepClone();
        var run = (await client.PostJsonAsync("/sync-job-run", body)).Expect(HttpStatusCode.Created);
        Assert.Equal("created", run["status"]!.GetValue<string>());
        return Id(run);
    }

    /// <summary>Polls the run until it has one of <paramref name="statuses"/> or any final status; returns it.</summary>
    public static async Task<JsonNode> WaitForRunAsync(HttpClient client, Guid runId, TimeSpan patience, params string[] statuses)
    {
        var wanted = statuses.Length > 0 ? statuses : ["completed", "failed", "stopped"];
        var deadline = DateTime.UtcNow + patience;
        JsonNode run;
        do
        {
            run = (await client.GetJsonAsync($"/sync-job-run/{runId}")).Expect(HttpStatusCode.OK);
            if (wanted.Contains(run["status"]!.GetValue<string>()) && (run["finished_at"] is not null || !new[] { "completed", "failed", "stopped" }.Contains(run["status"]!.GetValue<string>())))
            {
                return run;
            }
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"run {runId} did not reach {string.Join("/", wanted)} within {patience}: {run.ToJsonString()}");
    }

    /// <summary>The events the receiver accepted (2xx) for one run, in arrival order.</summary>
    public static IReadOnlyList<JsonNode> Events(WebhookReceiver receiver, Guid runId) =>
        [.. receiver.Received.Where(r => r.AnsweredStatus == 200).Select(r => JsonNode.Parse(r.Body)!)
            .Where(e => (e["payload"]?["sync_job_run_id"]?.GetValue<string>() ?? "") == runId.ToString())];

    /// <summary>The first event of the run received (answered 200) that <paramref name="match"/> accepts, once it arrived.</summary>
    public static async Task<JsonNode> WaitForEventAsync(WebhookReceiver receiver, Guid runId, TimeSpan patience, Func<JsonNode, bool> match)
    {
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            if (Events(receiver, runId).FirstOrDefault(match) is { } found) return found;
            await Task.Delay(100);
        }
        throw new TimeoutException("the event did not arrive");
    }

    /// <summary>The records received per resource, as page number → records (the last delivery of a page counts).</summary>
    public static Dictionary<string, SortedDictionary<long, JsonArray>> Pages(IEnumerable<JsonNode> events)
    {
        var pages = new Dictionary<string, SortedDictionary<long, JsonArray>>();
        foreach (var record in events.Where(e => e["event_type"]!.GetValue<string>() == "sync_job_run:record"))
        {
            var payload = record["payload"]!;
            var resource = payload["resource"]!.GetValue<string>();
            if (!pages.TryGetValue(resource, out var byPage)) pages[resource] = byPage = [];
            byPage[payload["page"]!.GetValue<long>()] = payload["records"]!.AsArray();
        }
        return pages;
    }

    /// <summary>Every record of every resource arrived exactly as the vendor has it, pages numbered 1..N without gaps.</summary>
    public static void AssertAllRecords(HelpdeskSimulator vendor, IEnumerable<JsonNode> events, IReadOnlyCollection<JsonObject>? tickets = null)
    {
        var pages = Pages(events);
        var expected = new Dictionary<string, IReadOnlyList<JsonObject>>
        {
            ["users"] = vendor.Users,
            ["tickets"] = tickets is null ? vendor.Tickets : [.. tickets],
            ["ticket_comments"] = [.. (tickets ?? vendor.Tickets).SelectMany(t => vendor.Comments[(int)t["id"]!])],
        };
        foreach (var (resource, records) in expected)
        {
            var byPage = pages.GetValueOrDefault(resource) ?? [];
            Assert.Equal(Enumerable.Range(1, byPage.Count).Select(i => (long)i), byPage.Keys);
            var received = byPage.Values.SelectMany(page => page).ToList();
            Assert.Equal(records.Count, received.Count);
            for (var i = 0; i < records.Count; i++)
            {
                Assert.True(JsonNode.DeepEquals(records[i], received[i]), $"{resource} record {i}: expected {records[i].ToJsonString()}, got {received[i]?.ToJsonString()}");
            }
        }
    }

    /// <summary>
    /// What any run of the job sends in full, whatever its <c>previous_run_date</c>: every user (tickets and their
    /// comments are incremental, so a later run of the same job and account sends only those updated since).
    /// </summary>
    public static void AssertAllUsers(HelpdeskSimulator vendor, IEnumerable<JsonNode> events)
    {
        var users = Pages(events).GetValueOrDefault("users")?.Values.SelectMany(page => page).ToList() ?? [];
        Assert.Equal(vendor.Users.Count, users.Count);
        Assert.All(vendor.Users.Zip(users), pair => Assert.True(JsonNode.DeepEquals(pair.First, pair.Second)));
    }

    private static Guid Id(JsonNode node) => Guid.Parse(node["id"]!.GetValue<string>());
}
