using System.Net;
using System.Text.Json.Nodes;
using Serverless.Functions.Tests.Api;
using Serverless.Functions.Tests.Infrastructure;
using Serverless.Functions.Tests.SyncJobs;
using Xunit;
using static Serverless.Functions.Tests.Workflows.TrutoWorkflowExamples;

namespace Serverless.Functions.Tests.Workflows;

/// <summary><c>/workflow</c> and <c>/workflow-run</c> requests: Truto's examples as written, validation with paths, YAML, filters, isolation.</summary>
public sealed class WorkflowApiTests(SyncServerFixture fixture) : IClassFixture<SyncServerFixture>
{
    private PlatformServer Platform => fixture.Server;

    [Fact]
    public async Task Trutos_examples_are_accepted_as_written_read_back_listed_patched_and_deleted()
    {
        var jobId = Guid.NewGuid();
        var webhookId = Guid.NewGuid();
        var onConnection = await CreateOnAccountConnectionAsync(Platform.Client, jobId, webhookId);
        var withCron = await CreateWithCronAsync(Platform.Client, jobId, webhookId);

        var first = (await Platform.Client.GetJsonAsync($"/workflow/{onConnection}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Run sync job on account connection", first["label"]!.GetValue<string>());
        Assert.Equal("integrated_account:active", first["trigger_name"]!.GetValue<string>());
        Assert.Equal("integration.name = 'calcom'", first["config"]!["run_if"]!.GetValue<string>());
        var step = first["config"]!["steps"]![0]!;
        Assert.Equal("run_sync_job", step["action"]!.GetValue<string>());
        Assert.Contains($"\"calcom\": \"{jobId}\"", step["config"]!.GetValue<string>(), StringComparison.Ordinal);
        var cron = (await Platform.Client.GetJsonAsync($"/workflow/{withCron}")).Expect(HttpStatusCode.OK);
        Assert.Equal("integrated_account:connected", cron["trigger_name"]!.GetValue<string>());
        Assert.Equal("0 */6 * * *", cron["config"]!["steps"]![0]!["cron_expression"]!.GetValue<string>());

        var listed = (await Platform.Client.GetJsonAsync("/workflow?trigger_name=integrated_account:connected")).Expect(HttpStatusCode.OK)["result"]!.AsArray();
        Assert.Contains(listed, w => w!["id"]!.GetValue<string>() == withCron.ToString());
        Assert.DoesNotContain(listed, w => w!["id"]!.GetValue<string>() == onConnection.ToString());

        var patched = (await Platform.Client.PatchJsonAsync($"/workflow/{onConnection}", new JsonObject { ["label"] = "renamed" })).Expect(HttpStatusCode.OK);
        Assert.Equal("renamed", patched["label"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(first["config"], patched["config"]));
        var refused = (await Platform.Client.PatchJsonAsync($"/workflow/{onConnection}", new JsonObject { ["trigger_name"] = "account:exploded" })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal("$.trigger_name", refused["details"]!["errors"]![0]!["path"]!.GetValue<string>());
        Assert.Empty((await Platform.Client.GetJsonAsync($"/workflow/{onConnection}/schedules")).Expect(HttpStatusCode.OK)["result"]!.AsArray());

        (await Platform.Client.DeleteJsonAsync($"/workflow/{onConnection}")).Expect(HttpStatusCode.OK);
        (await Platform.Client.GetJsonAsync($"/workflow/{onConnection}")).ExpectError(HttpStatusCode.NotFound);
        (await Platform.Client.DeleteJsonAsync($"/workflow/{onConnection}")).ExpectError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invalid_workflow_is_refused_with_every_problem_and_its_path()
    {
        var yaml = """
            label: "  "
            trigger_name: integrated_account:exploded
            config:
              run_if: "integration.name = "
              steps:
                - type: wait
                  action: send_email
                  config: 42
                - type: run
                  action: run_sync_job
                  run_if: "$count("
                  config: "{ 'sync_job_id': }"
                  cron_expression: "0 */6 * *"
                - type: run
                  action: run_sync_job
                  cron_expression: "61 * * * *"
                  config:
                    sync_job_id: "{{oops:badtype}}"
            """;
        var answer = (await Platform.Client.SendTextAsync(HttpMethod.Post, "/workflow", yaml, "application/yaml")).Expect(HttpStatusCode.BadRequest);
        var errors = answer["details"]!["errors"]!.AsArray().Select(e => (Path: e!["path"]!.GetValue<string>(), Message: e["message"]!.GetValue<string>())).ToList();
        void Has(string path, string fragment) =>
            Assert.True(errors.Any(e => e.Path == path && e.Message.Contains(fragment, StringComparison.Ordinal)), $"no error at {path} containing '{fragment}' in:\n{string.Join("\n", errors)}");
        Has("$.label", "must not be empty");
        Has("$.trigger_name", "unknown event type 'integrated_account:exploded'");
        Has("$.config.run_if", "JSONata syntax error");
        Has("$.config.steps[0].type", "unknown step type 'wait'");
        Has("$.config.steps[0].action", "unknown action 'send_email'");
        Has("$.config.steps[0].config", "expected an object");
        Has("$.config.steps[1].run_if", "JSONata syntax error");
        Has("$.config.steps[1].config", "JSONata syntax error");
        Has("$.config.steps[1].cron_expression", "five-field cron expression");
        Has("$.config.steps[2].cron_expression", "five-field cron expression");
        Assert.Contains(errors, e => e.Path.StartsWith("$.config.steps[2].config.sync_job_id", StringComparison.Ordinal));
        Assert.Equal(11, errors.Count);

        // The body's shape comes first: unknown fields and missing ones, with their paths.
        var shape = (await Platform.Client.PostJsonAsync("/workflow", JsonNode.Parse("""{ "label": "x", "trigger": "test", "config": { "steps": [ { "type": "run" } ] } }""")!))
            .Expect(HttpStatusCode.BadRequest);
        var message = shape["message"]!.GetValue<string>() + shape["details"]!.ToJsonString();
        Assert.Contains("$.trigger", message, StringComparison.Ordinal);
        Assert.Contains("$.trigger_name", message, StringComparison.Ordinal);
        Assert.Contains("$.config.steps[0].action", message, StringComparison.Ordinal);
        var empty = (await Platform.Client.PostJsonAsync("/workflow", JsonNode.Parse("""{ "label": "x", "trigger_name": "test", "config": { "steps": [] } }""")!))
            .Expect(HttpStatusCode.BadRequest);
        Assert.Equal("$.config.steps", empty["details"]!["errors"]![0]!["path"]!.GetValue<string>());
        Assert.Empty((await Platform.Client.GetJsonAsync("/workflow?trigger_name=integrated_account:exploded")).Expect(HttpStatusCode.OK)["result"]!.AsArray());
    }

    [Fact]
    public async Task Environment_tokens_manage_their_own_workflows_and_runs_only()
    {
        var (_, mine) = await TestData.NewEnvironmentAsync(Platform);
        var (_, theirs) = await TestData.NewEnvironmentAsync(Platform);
        var id = await CreateOnAccountConnectionAsync(mine, Guid.NewGuid(), Guid.NewGuid());

        (await mine.GetJsonAsync($"/workflow/{id}")).Expect(HttpStatusCode.OK);
        (await theirs.GetJsonAsync($"/workflow/{id}")).ExpectError(HttpStatusCode.NotFound);
        (await theirs.GetJsonAsync($"/workflow/{id}/schedules")).ExpectError(HttpStatusCode.NotFound);
        (await theirs.PatchJsonAsync($"/workflow/{id}", new JsonObject { ["label"] = "mine now" })).ExpectError(HttpStatusCode.NotFound);
        (await theirs.DeleteJsonAsync($"/workflow/{id}")).ExpectError(HttpStatusCode.NotFound);
        Assert.Empty((await theirs.GetJsonAsync("/workflow")).Expect(HttpStatusCode.OK)["result"]!.AsArray());
        Assert.Single((await mine.GetJsonAsync("/workflow")).Expect(HttpStatusCode.OK)["result"]!.AsArray());

        (await mine.GetJsonAsync($"/workflow-run/{Guid.NewGuid()}")).ExpectError(HttpStatusCode.NotFound);
        (await mine.GetJsonAsync("/workflow-run?status=exploded")).ExpectError(HttpStatusCode.BadRequest);
        (await mine.GetJsonAsync("/workflow-run?workflow_id=nope")).ExpectError(HttpStatusCode.BadRequest);
        Assert.Empty((await mine.GetJsonAsync($"/workflow-run?workflow_id={id}")).Expect(HttpStatusCode.OK)["result"]!.AsArray());
        (await Platform.CreateClient(null).GetJsonAsync("/workflow")).ExpectError(HttpStatusCode.Unauthorized);
    }
}
