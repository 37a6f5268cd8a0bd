using System.Net;
using System.Text.Json.Nodes;
using Serverless.Functions.Tests.Api;
using Serverless.Functions.Tests.Infrastructure;
using Serverless.Functions.Tests.Webhooks.Outbound;
using Xunit;

namespace Serverless.Functions.Tests.SyncJobs;

/// <summary><c>/sync-job</c> and <c>/sync-job-run</c> requests: validation with paths, YAML bodies, filters, isolation.</summary>
public sealed class SyncJobApiTests(SyncServerFixture fixture) : IClassFixture<SyncServerFixture>
{
    private PlatformServer Platform => fixture.Server;

    [Fact]
    public async Task Sync_job_is_created_from_yaml_read_back_patched_and_deleted()
    {
        var sync = await HelpdeskSync.CreateAsync(Platform.Client, "http://127.0.0.1:9", "http://127.0.0.1:9/hooks");
        var yaml = $"""
            integration_name: {sync.IntegrationName}
            args_schema:
              type: object
              properties:
                since: {"{"} type: string, format: date-time, default: "2024-01-01T00:00:00Z" {"}"}
            resources:
              - resource: users
                query: {"{"} role: agent {"}"}
              - resource: tickets
                query: {"{"} updated_since: "{"{{"}args.since{"}}"}" {"}"}
            """;
        var created = (await Platform.Client.SendTextAsync(HttpMethod.Post, "/sync-job", yaml, "application/yaml")).Expect(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        Assert.Equal("list", created["resources"]![0]!["method"]!.GetValue<string>());
        Assert.True(created["resources"]![0]!["persist"]!.GetValue<bool>());
        Assert.Equal("{{args.since}}", created["resources"]![1]!["query"]!["updated_since"]!.GetValue<string>());

        var read = (await Platform.Client.GetJsonAsync($"/sync-job/{id}")).Expect(HttpStatusCode.OK);
        Assert.True(JsonNode.DeepEquals(created, read));
        var listed = (await Platform.Client.GetJsonAsync($"/sync-job?integration_name={sync.IntegrationName}")).Expect(HttpStatusCode.OK)["result"]!.AsArray();
        Assert.Equal(2, listed.Count);

        var closed = JsonNode.Parse("""{ "type": "object", "properties": { "other": { "type": "string" } }, "additionalProperties": false }""");
        var patched = (await Platform.Client.PatchJsonAsync($"/sync-job/{id}", new JsonObject { ["args_schema"] = closed })).ExpectError(HttpStatusCode.BadRequest);
        Assert.Contains("$.resources[1].query.updated_since", patched, StringComparison.Ordinal);
        var narrowed = (await Platform.Client.PatchJsonAsync($"/sync-job/{id}", new JsonObject
        {
            ["args_schema"] = null,
            ["resources"] = new JsonArray(new JsonObject { ["resource"] = "users" }),
        })).Expect(HttpStatusCode.OK);
        Assert.Null(narrowed["args_schema"]);
        Assert.Single(narrowed["resources"]!.AsArray());

        (await Platform.Client.DeleteJsonAsync($"/sync-job/{id}")).Expect(HttpStatusCode.OK);
        (await Platform.Client.GetJsonAsync($"/sync-job/{id}")).ExpectError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invalid_sync_job_is_refused_with_every_problem_and_its_path()
    {
        var sync = await HelpdeskSync.CreateAsync(Platform.Client, "http://127.0.0.1:9", "http://127.0.0.1:9/hooks");
        var body = JsonNode.Parse($$$"""
            {
              "integration_name": "{{{sync.IntegrationName}}}",
              "args_schema": { "type": "object", "properties": { "ids": { "type": "array", "items": { "type": "integer" } } }, "additionalProperties": false, "$ref": "#/x" },
              "resources": [
                { "resource": "contacts" },
                { "resource": "tickets", "method": "delete" },
                { "resource": "users", "depends_on": "users" },
                { "resource": "ticket_comments", "depends_on": "later", "query": { "x": "{{resources.users.id}}", "y": "{{secrets.key}}", "z": "{{args.nope}}", "w": "{{oops:badtype}}" } },
                { "resource": "later", "depends_on": "ticket_comments", "loop_on": "$count(" },
                { "resource": "users" }
              ]
            }
            """)!;
        var answer = (await Platform.Client.PostJsonAsync("/sync-job", body)).Expect(HttpStatusCode.BadRequest);
        var errors = answer["details"]!["errors"]!.AsArray().Select(e => (Path: e!["path"]!.GetValue<string>(), Message: e["message"]!.GetValue<string>())).ToList();
        void Has(string path, string fragment) =>
            Assert.True(errors.Any(e => e.Path == path && e.Message.Contains(fragment, StringComparison.Ordinal)), $"no error at {path} containing '{fragment}' in:\n{string.Join("\n", errors)}");
        Has("$.args_schema.$ref", "unsupported keyword");
        Has("$.resources[0].resource", "no resource 'contacts'");
        Has("$.resources[1].method", "no method 'delete'");
        Has("$.resources[2].depends_on", "cannot depend on itself");
        Has("$.resources[3].depends_on", "forms a cycle: ticket_comments → later → ticket_comments");
        Has("$.resources[3].query.x", "reads resources, but this resource has no depends_on");
        Has("$.resources[3].query.y", "reads 'secrets'");
        Has("$.resources[3].query.w", "unknown placeholder type 'badtype'");
        Has("$.resources[4].resource", "no resource 'later'");
        Has("$.resources[4].loop_on", "JSONata syntax error");
        Has("$.resources[5].resource", "listed already at $.resources[2]");

        var undeclared = (await Platform.Client.PostJsonAsync("/sync-job", JsonNode.Parse($$$"""
            { "integration_name": "{{{sync.IntegrationName}}}", "args_schema": { "type": "object", "properties": { "a": { "type": "string" } }, "additionalProperties": false },
              "resources": [ { "resource": "users", "query": { "z": "{{args.nope}}", "a": "{{args.a}}" } } ] }
            """)!)).ExpectError(HttpStatusCode.BadRequest);
        Assert.Contains("$.resources[0].query.z: {{args.nope}} reads argument 'nope', which args_schema does not declare", undeclared, StringComparison.Ordinal);
        Assert.DoesNotContain("query.a", undeclared, StringComparison.Ordinal);
        (await Platform.Client.PostJsonAsync("/sync-job", new JsonObject { ["integration_name"] = "nope", ["resources"] = new JsonArray() }))
            .ExpectError(HttpStatusCode.BadRequest).Contains("$.integration_name", StringComparison.Ordinal);
        var unknownField = (await Platform.Client.PostJsonAsync("/sync-job", new JsonObject
        {
            ["integration_name"] = sync.IntegrationName,
            ["resources"] = new JsonArray(new JsonObject { ["resource"] = "users", ["dependsOn"] = "x" }),
        })).ExpectError(HttpStatusCode.BadRequest);
        Assert.Contains("$.resources[0].dependsOn", unknownField, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_request_is_checked_against_the_job_account_webhook_and_args_schema()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var schema = JsonNode.Parse("""{ "type": "object", "properties": { "team": { "type": "string", "required": true, "enum": ["a", "b"] }, "size": { "type": "integer", "minimum": 1, "default": 50 } } }""")!.AsObject();
        var sync = await HelpdeskSync.CreateAsync(Platform.Client, "http://127.0.0.1:9", receiver.Url,
            JsonNode.Parse("""[ { "resource": "users", "query": { "team": "{{args.team}}", "page[size]": "{{args.size}}" } } ]""")!.AsArray(), schema);
        JsonObject Run(JsonObject? extra = null)
        {
            var body = new JsonObject { ["sync_job_id"] = sync.JobId.ToString(), ["integrated_account_id"] = sync.AccountId.ToString(), ["webhook_id"] = sync.WebhookId.ToString() };
            foreach (var (key, value) in extra ?? []) body[key] = value?.DeepClone();
            return body;
        }

        var missing = (await Platform.Client.PostJsonAsync("/sync-job-run", Run())).ExpectError(HttpStatusCode.BadRequest);
        Assert.Contains("$.args.team: required", missing, StringComparison.Ordinal);
        var wrong = (await Platform.Client.PostJsonAsync("/sync-job-run", Run(new JsonObject { ["args"] = new JsonObject { ["team"] = "c", ["size"] = 0 }, ["error_handling"] = "retry" })))
            .ExpectError(HttpStatusCode.BadRequest);
        Assert.Contains("$.args.team: must be one of", wrong, StringComparison.Ordinal);
        Assert.Contains("$.args.size: must be at least 1", wrong, StringComparison.Ordinal);
        Assert.Contains("$.error_handling", wrong, StringComparison.Ordinal);
        (await Platform.Client.PostJsonAsync("/sync-job-run", Run(new JsonObject { ["sync_job_id"] = Guid.NewGuid().ToString() }))).ExpectError(HttpStatusCode.NotFound);
        (await Platform.Client.PostJsonAsync("/sync-job-run", Run(new JsonObject { ["webhook_id"] = Guid.NewGuid().ToString() }))).ExpectError(HttpStatusCode.NotFound);
        var recordless = (await Platform.Client.PostJsonAsync("/webhook", new JsonObject { ["target_url"] = receiver.Url, ["event_types"] = new JsonArray("sync_job_run:completed") })).Expect(HttpStatusCode.Created);
        Assert.Contains("does not subscribe to sync_job_run:record",
            (await Platform.Client.PostJsonAsync("/sync-job-run", Run(new JsonObject { ["webhook_id"] = recordless["id"]!.GetValue<string>(), ["args"] = new JsonObject { ["team"] = "a" } }))).ExpectError(HttpStatusCode.BadRequest),
            StringComparison.Ordinal);

        var created = (await Platform.Client.PostJsonAsync("/sync-job-run", Run(new JsonObject { ["args"] = new JsonObject { ["team"] = "a" }, ["error_handling"] = "fail_fast" })))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(50, created["args"]!["size"]!.GetValue<int>());
        Assert.Equal("fail_fast", created["error_handling"]!.GetValue<string>());
        Assert.Null(created["checkpoint"]);
        var runId = created["id"]!.GetValue<string>();
        // The vendor is unreachable: with fail_fast the run fails, naming the resource.
        var failed = await HelpdeskSync.WaitForRunAsync(Platform.Client, Guid.Parse(runId), TimeSpan.FromSeconds(60));
        Assert.Equal("failed", failed["status"]!.GetValue<string>());
        Assert.StartsWith("users: ", failed["error"]!.GetValue<string>(), StringComparison.Ordinal);
        (await Platform.Client.PatchJsonAsync($"/sync-job-run/{runId}", new JsonObject { ["status"] = "stopped" })).ExpectError(HttpStatusCode.Conflict);

        var byJob = (await Platform.Client.GetJsonAsync($"/sync-job-run?sync_job_id={sync.JobId}&status=failed")).Expect(HttpStatusCode.OK)["result"]!.AsArray();
        Assert.Equal([runId], byJob.Select(r => r!["id"]!.GetValue<string>()));
        Assert.Empty((await Platform.Client.GetJsonAsync($"/sync-job-run?integrated_account_id={Guid.NewGuid()}")).Expect(HttpStatusCode.OK)["result"]!.AsArray());
        (await Platform.Client.GetJsonAsync("/sync-job-run?status=paused")).ExpectError(HttpStatusCode.BadRequest);

        // Another environment sees none of it.
        var environment = (await Platform.Client.PostJsonAsync("/environment", new JsonObject { ["name"] = TestData.Unique("other") })).Expect(HttpStatusCode.Created);
        var token = (await Platform.Client.PostJsonAsync("/api-token", new JsonObject { ["name"] = "other", ["environment_id"] = environment["id"]!.GetValue<string>() })).Expect(HttpStatusCode.Created);
        using var other = Platform.CreateClient(token["token"]!.GetValue<string>());
        (await other.GetJsonAsync($"/sync-job-run/{runId}")).ExpectError(HttpStatusCode.NotFound);
        (await other.GetJsonAsync($"/sync-job/{sync.JobId}")).ExpectError(HttpStatusCode.NotFound);
        (await other.PostJsonAsync("/sync-job-run", Run(new JsonObject { ["args"] = new JsonObject { ["team"] = "a" } }))).ExpectError(HttpStatusCode.NotFound);
    }
}
