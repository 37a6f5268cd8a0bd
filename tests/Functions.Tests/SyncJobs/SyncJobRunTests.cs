using System.Net;
using System.Text.Json.Nodes;
using Serverless.Functions.Tests.Infrastructure;
using Serverless.Functions.Tests.Simulators;
using Serverless.Functions.Tests.Webhooks.Outbound;
using Xunit;

namespace Serverless.Functions.Tests.SyncJobs;

/// <summary>Sync job runs end to end: the running platform pages a help desk simulator and delivers to a real receiver.</summary>
public sealed class SyncJobRunTests(SyncServerFixture fixture) : IClassFixture<SyncServerFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly WebhookReceiver _receiver = new();

    private PlatformServer Platform => fixture.Server;

    public Task InitializeAsync() => _receiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Three_resource_job_delivers_every_one_of_5500_records_page_by_page_signed_and_in_order()
    {
        await using var vendor = new HelpdeskSimulator(HelpdeskSync.Token, userCount: 2500, ticketCount: 500, commentsPerTicket: 5);
        await vendor.StartAsync();
        var sync = await HelpdeskSync.CreateAsync(Platform.Client, vendor.BaseUrl, _receiver.Url);

        var runId = await sync.StartRunAsync(Platform.Client);
        var run = await HelpdeskSync.WaitForRunAsync(Platform.Client, runId, Patience);

        Assert.Equal("completed", run["status"]!.GetValue<string>());
        // The run's document is completed before its completed event is sent (the event carries the stored run).
        await WaitForEventAsync(runId, e => e["event_type"]!.GetValue<string>() == "sync_job_run:completed");
        var events = HelpdeskSync.Events(_receiver, runId);
        HelpdeskSync.AssertAllRecords(vendor, events);
        var types = events.Select(e => e["event_type"]!.GetValue<string>()).ToList();
        Assert.Equal(["sync_job_run:created", "sync_job_run:started"], types.Take(2));
        Assert.Equal("sync_job_run:completed", types[^1]);
        Assert.All(types.Skip(2).SkipLast(1), type => Assert.Equal("sync_job_run:record", type));
        // Resources in the job's order, each page once.
        var order = events.Where(e => e["event_type"]!.GetValue<string>() == "sync_job_run:record").Select(e => e["payload"]!["resource"]!.GetValue<string>()).Distinct();
        Assert.Equal(HelpdeskSync.Resources, order);
        Assert.Equal(25 + 5 + 500, types.Count(t => t == "sync_job_run:record"));

        foreach (var delivered in _receiver.Received.Where(r => r.AnsweredStatus == 200))
        {
            Assert.Null(StandardWebhooksVerifier.Verify(sync.Secret, delivered, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow));
            Assert.Null(StandardWebhooksVerifier.VerifyTruto(sync.Secret, delivered));
            Assert.Equal(JsonNode.Parse(delivered.Body)!["id"]!.GetValue<string>(), delivered.Headers["webhook-id"]);
        }
        var first = events[2]["payload"]!;
        Assert.Equal(sync.AccountId.ToString(), first["integrated_account_id"]!.GetValue<string>());
        Assert.Equal(1, first["page"]!.GetValue<int>());

        var stats = run["resource_stats"]!;
        Assert.Equal(2500, stats["users"]!["records"]!.GetValue<long>());
        Assert.Equal(25, stats["users"]!["pages"]!.GetValue<long>());
        Assert.Equal(500, stats["tickets"]!["records"]!.GetValue<long>());
        Assert.Equal(2500, stats["ticket_comments"]!["records"]!.GetValue<long>());
        Assert.Equal(500, stats["ticket_comments"]!["pages"]!.GetValue<long>());
        var completed = events[^1]["payload"]!;
        Assert.Equal("completed", completed["status"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(stats, completed["resource_stats"]), completed.ToJsonString());
        Assert.NotNull(run["started_at"]);
        Assert.NotNull(run["finished_at"]);
        Assert.Null(run["checkpoint"]);
    }

    [Fact]
    public async Task Incremental_run_sends_only_tickets_updated_since_the_start_of_the_last_completed_run()
    {
        await using var vendor = new HelpdeskSimulator(HelpdeskSync.Token, userCount: 30, ticketCount: 40, commentsPerTicket: 2);
        await vendor.StartAsync();
        var sync = await HelpdeskSync.CreateAsync(Platform.Client, vendor.BaseUrl, _receiver.Url);

        var first = await HelpdeskSync.WaitForRunAsync(Platform.Client, await sync.StartRunAsync(Platform.Client), Patience);
        Assert.Equal("completed", first["status"]!.GetValue<string>());
        Assert.Equal("1970-01-01T00:00:00.000Z", first["previous_run_date"]!.GetValue<string>());
        HelpdeskSync.AssertAllRecords(vendor, HelpdeskSync.Events(_receiver, Guid.Parse(first["id"]!.GetValue<string>())));

        var touched = vendor.Tickets.Where((_, i) => i % 6 == 0).ToList();
        vendor.Touch(touched.Select(t => (int)t["id"]!), DateTimeOffset.UtcNow.AddSeconds(1));
        vendor.ClearRequests();
        var secondId = await sync.StartRunAsync(Platform.Client);
        var second = await HelpdeskSync.WaitForRunAsync(Platform.Client, secondId, Patience);

        Assert.Equal("completed", second["status"]!.GetValue<string>());
        Assert.Equal(first["started_at"]!.GetValue<string>(), second["previous_run_date"]!.GetValue<string>());
        HelpdeskSync.AssertAllRecords(vendor, HelpdeskSync.Events(_receiver, secondId), touched);
        var ticketCalls = vendor.Requests.Where(r => r.Path == "/api/v2/tickets.json").ToList();
        Assert.NotEmpty(ticketCalls);
        Assert.All(ticketCalls, r => Assert.Equal(second["previous_run_date"]!.GetValue<string>(), r.Query("updated_since")));

        // ignore_previous_run: a full sync again.
        var fullId = await sync.StartRunAsync(Platform.Client, new JsonObject { ["ignore_previous_run"] = true });
        var full = await HelpdeskSync.WaitForRunAsync(Platform.Client, fullId, Patience);
        Assert.Equal("1970-01-01T00:00:00.000Z", full["previous_run_date"]!.GetValue<string>());
        HelpdeskSync.AssertAllRecords(vendor, HelpdeskSync.Events(_receiver, fullId));
    }

    [Fact]
    public async Task Vendor_rate_limit_pauses_the_run_announced_as_rate_limited_and_it_resumes_after_the_wait()
    {
        await using var vendor = new HelpdeskSimulator(HelpdeskSync.Token, userCount: 300, ticketCount: 20, commentsPerTicket: 1);
        await vendor.StartAsync();
        var sync = await HelpdeskSync.CreateAsync(Platform.Client, vendor.BaseUrl, _receiver.Url);
        var limited = 0;
        // Once the first page of users is in, the vendor answers 429 (Retry-After: 1) twice.
        _receiver.AnswerWith(body =>
        {
            if (JsonNode.Parse(body)!["event_type"]!.GetValue<string>() == "sync_job_run:record" && Interlocked.Exchange(ref limited, 1) == 0)
            {
                vendor.RateLimitNextRequests(2, "1");
            }
            return null;
        });

        var runId = await sync.StartRunAsync(Platform.Client);
        var run = await HelpdeskSync.WaitForRunAsync(Platform.Client, runId, Patience);

        Assert.Equal("completed", run["status"]!.GetValue<string>());
        var events = HelpdeskSync.Events(_receiver, runId);
        HelpdeskSync.AssertAllRecords(vendor, events);
        var updates = events.Where(e => e["event_type"]!.GetValue<string>() == "sync_job_run:updated").Select(e => e["payload"]!["status"]!.GetValue<string>()).ToList();
        Assert.Equal(["rate_limited", "running", "rate_limited", "running"], updates);
        // The page the vendor refused was asked for three times: twice refused, then answered; every other page once. (The
        // second page may be fetched while the first is delivered, so the refused page is the second or the third.)
        var askedPerPage = vendor.Requests.Where(r => r.Path == "/api/v2/users.json").GroupBy(r => r.Query("page[after]")).Select(g => g.Count()).Order().ToList();
        Assert.Equal([1, 1, 3], askedPerPage);
        // Each pause lasted the vendor's Retry-After.
        var times = events.Select(e => (Type: e["event_type"]!.GetValue<string>(), Status: e["payload"]!["status"]?.GetValue<string>(), At: DateTimeOffset.Parse(e["created_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var paused = times.First(t => t.Status == "rate_limited").At;
        var resumed = times.First(t => t.Type == "sync_job_run:updated" && t.Status == "running").At;
        Assert.True(resumed - paused >= TimeSpan.FromMilliseconds(900), $"resumed {(resumed - paused).TotalMilliseconds} ms after the pause");
    }

    [Fact]
    public async Task Receiver_answering_500_gets_the_same_page_again_with_backoff_and_the_run_goes_on_once_it_recovers()
    {
        await using var vendor = new HelpdeskSimulator(HelpdeskSync.Token, userCount: 450, ticketCount: 10, commentsPerTicket: 1);
        await vendor.StartAsync();
        var sync = await HelpdeskSync.CreateAsync(Platform.Client, vendor.BaseUrl, _receiver.Url);
        var failures = 0;
        _receiver.AnswerWith(body =>
        {
            var payload = JsonNode.Parse(body)!["payload"]!;
            return payload["resource"]?.GetValue<string>() == "users" && payload["page"]!.GetValue<int>() == 3 && Interlocked.Increment(ref failures) <= 2 ? 500 : null;
        });

        var runId = await sync.StartRunAsync(Platform.Client);
        var run = await HelpdeskSync.WaitForRunAsync(Platform.Client, runId, Patience);

        Assert.Equal("completed", run["status"]!.GetValue<string>());
        HelpdeskSync.AssertAllRecords(vendor, HelpdeskSync.Events(_receiver, runId));
        var pageThree = _receiver.Received.Where(r => JsonNode.Parse(r.Body)!["payload"] is { } p && p["resource"]?.GetValue<string>() == "users" && p["page"]?.GetValue<int>() == 3).ToList();
        Assert.Equal([500, 500, 200], pageThree.Select(r => r.AnsweredStatus));
        Assert.Single(pageThree.Select(r => r.Headers["webhook-id"]).Distinct());
        // Page 4 was fetched only after page 3 was accepted.
        var afterThree = _receiver.Received.ToList().FindIndex(r => r.AnsweredStatus == 200 && JsonNode.Parse(r.Body)!["payload"] is { } p && p["page"]?.GetValue<int>() == 3 && p["resource"]?.GetValue<string>() == "users");
        Assert.All(_receiver.Received.Take(afterThree), r => Assert.False(JsonNode.Parse(r.Body)!["payload"] is { } p && p["resource"]?.GetValue<string>() == "users" && p["page"]?.GetValue<int>() > 3));
    }

    [Fact]
    public async Task Receiver_answering_4xx_to_started_cancels_the_run_before_any_vendor_call()
    {
        await using var vendor = new HelpdeskSimulator(HelpdeskSync.Token, userCount: 10, ticketCount: 2, commentsPerTicket: 1);
        await vendor.StartAsync();
        var sync = await HelpdeskSync.CreateAsync(Platform.Client, vendor.BaseUrl, _receiver.Url);
        _receiver.AnswerWith(body => JsonNode.Parse(body)!["event_type"]!.GetValue<string>() == "sync_job_run:started" ? 409 : null);

        var runId = await sync.StartRunAsync(Platform.Client);
        var run = await HelpdeskSync.WaitForRunAsync(Platform.Client, runId, Patience);

        Assert.Equal("stopped", run["status"]!.GetValue<string>());
        Assert.Contains("answered 409 to sync_job_run:started", run["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(vendor.Requests);
        var stopped = await WaitForEventAsync(runId, e => e["event_type"]!.GetValue<string>() == "sync_job_run:updated" && e["payload"]!["status"]!.GetValue<string>() == "stopped");
        Assert.Contains("409", stopped["payload"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(HelpdeskSync.Events(_receiver, runId), e => e["event_type"]!.GetValue<string>() == "sync_job_run:record");
        Assert.Equal(1, _receiver.Received.Count(r => r.AnsweredStatus == 409));
    }

    [Fact]
    public async Task Stop_requested_mid_run_ends_it_at_the_next_page_boundary()
    {
        await using var vendor = new HelpdeskSimulator(HelpdeskSync.Token, userCount: 1000, ticketCount: 10, commentsPerTicket: 1);
        await vendor.StartAsync();
        var sync = await HelpdeskSync.CreateAsync(Platform.Client, vendor.BaseUrl, _receiver.Url);
        ApiAnswer? stopAnswer = null;
        // While page 3 is being delivered, the customer stops the run.
        _receiver.AnswerWith(body =>
        {
            var payload = JsonNode.Parse(body)!["payload"]!;
            if (payload["resource"]?.GetValue<string>() == "users" && payload["page"]!.GetValue<int>() == 3 && stopAnswer is null)
            {
                // The run's id from the page itself: under load the page may arrive before StartRunAsync returned.
                var id = payload["sync_job_run_id"]!.GetValue<string>();
                stopAnswer = Platform.Client.PatchJsonAsync($"/sync-job-run/{id}", new JsonObject { ["status"] = "stopped" }).GetAwaiter().GetResult();
            }
            return null;
        });

        var runId = await sync.StartRunAsync(Platform.Client);
        var run = await HelpdeskSync.WaitForRunAsync(Platform.Client, runId, Patience);

        Assert.NotNull(stopAnswer);
        Assert.Equal("stopped", stopAnswer.Expect(HttpStatusCode.OK)["status"]!.GetValue<string>());
        Assert.Equal("stopped", run["status"]!.GetValue<string>());
        Assert.NotNull(run["finished_at"]);
        var pages = HelpdeskSync.Pages(HelpdeskSync.Events(_receiver, runId));
        Assert.Equal([1L, 2L, 3L], pages["users"].Keys);
        Assert.Single(pages);
        Assert.Equal(3, run["resource_stats"]!["users"]!["pages"]!.GetValue<long>());
        await WaitForEventAsync(runId, e => e["event_type"]!.GetValue<string>() == "sync_job_run:updated" && e["payload"]!["status"]!.GetValue<string>() == "stopped");
        // A stopped run cannot be stopped into anything else, and can now be deleted.
        (await Platform.Client.PatchJsonAsync($"/sync-job-run/{runId}", new JsonObject { ["status"] = "running" })).ExpectError(HttpStatusCode.BadRequest);
        (await Platform.Client.DeleteJsonAsync($"/sync-job-run/{runId}")).Expect(HttpStatusCode.OK);
        (await Platform.Client.GetJsonAsync($"/sync-job-run/{runId}")).ExpectError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Loop_on_repeats_a_fetch_per_argument_item_and_a_parent_with_persist_false_is_walked_but_not_sent()
    {
        await using var vendor = new HelpdeskSimulator(HelpdeskSync.Token, userCount: 5, ticketCount: 150, commentsPerTicket: 2);
        await vendor.StartAsync();
        var resources = JsonNode.Parse("""
            [
              { "resource": "tickets", "persist": false },
              { "resource": "ticket_comments", "depends_on": "tickets", "id": "{{resources.tickets.id}}" },
              { "resource": "users", "loop_on": "{{args.sizes}}", "query": { "page[size]": "{{args.sizes}}", "marker": "{{loop.index}}" } }
            ]
            """)!.AsArray();
        var schema = JsonNode.Parse("""{ "type": "object", "properties": { "sizes": { "type": "array", "items": { "type": "integer" } } } }""")!.AsObject();
        var sync = await HelpdeskSync.CreateAsync(Platform.Client, vendor.BaseUrl, _receiver.Url, resources, schema);

        var runId = await sync.StartRunAsync(Platform.Client, new JsonObject { ["args"] = new JsonObject { ["sizes"] = new JsonArray(2, 5) } });
        var run = await HelpdeskSync.WaitForRunAsync(Platform.Client, runId, Patience);

        Assert.Equal("completed", run["status"]!.GetValue<string>());
        var pages = HelpdeskSync.Pages(HelpdeskSync.Events(_receiver, runId));
        Assert.False(pages.ContainsKey("tickets"));
        Assert.Equal(vendor.Tickets.SelectMany(t => vendor.Comments[(int)t["id"]!]).Select(c => (int)c["id"]!), pages["ticket_comments"].Values.SelectMany(p => p).Select(c => (int)c!["id"]!));
        // users once per item of sizes: pages of 2 (3 pages for 5 users), then one page of 5.
        Assert.Equal([2, 2, 1, 5], pages["users"].Values.Select(p => p.Count));
        var userCalls = vendor.Requests.Where(r => r.Path == "/api/v2/users.json").ToList();
        Assert.Equal(["2", "2", "2", "5"], userCalls.Select(r => r.Query("page[size]")));
        Assert.Equal(["0", "0", "0", "1"], userCalls.Select(r => r.Query("marker")));
        Assert.Equal(0, run["resource_stats"]!["tickets"]!["records"]!.GetValue<long>());
    }

    private Task<JsonNode> WaitForEventAsync(Guid runId, Func<JsonNode, bool> match) => HelpdeskSync.WaitForEventAsync(_receiver, runId, Patience, match);
}
