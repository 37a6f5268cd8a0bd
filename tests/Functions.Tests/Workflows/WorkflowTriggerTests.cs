using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Events;
using Serverless.Core.Workflows;
using Serverless.Functions.Tests.Infrastructure;
using Serverless.Functions.Tests.Simulators;
using Serverless.Functions.Tests.SyncJobs;
using Serverless.Functions.Tests.Webhooks.Outbound;
using Xunit;
using static Serverless.Functions.Tests.Workflows.TrutoWorkflowExamples;

namespace Serverless.Functions.Tests.Workflows;

/// <summary>
/// Workflows end to end on a running platform: an account becoming active publishes <c>integrated_account:active</c>,
/// the fan-out hands it to the workflow trigger, the run orchestration evaluates <c>run_if</c> and the steps, and the
/// sync job run a step creates pages the help desk simulator into a real receiver.
/// </summary>
public sealed class WorkflowTriggerTests(SyncServerFixture fixture) : IClassFixture<SyncServerFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly WebhookReceiver _receiver = new();
    private HelpdeskSimulator _vendor = null!;

    private PlatformServer Platform => fixture.Server;

    public async Task InitializeAsync()
    {
        await _receiver.StartAsync();
        _vendor = new HelpdeskSimulator(HelpdeskSync.Token, userCount: 120, ticketCount: 30, commentsPerTicket: 2);
        await _vendor.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _vendor.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Account_becoming_active_runs_trutos_example_workflow_whose_sync_run_delivers_every_record_to_the_webhook()
    {
        var sync = await HelpdeskSync.PrepareAsync(Platform.Client, _vendor.BaseUrl, _receiver.Url, name: "calcom");
        var workflowId = await CreateOnAccountConnectionAsync(Platform.Client, sync.JobId, sync.WebhookId);

        var accountId = await sync.ConnectAccountAsync(Platform.Client);
        var run = await WaitForRunAsync(Platform.Client, workflowId, Patience);

        Assert.Equal("completed", run["status"]!.GetValue<string>());
        Assert.Equal("integrated_account:active", run["event_type"]!.GetValue<string>());
        Assert.Equal("calcom", run["context"]!["integration"]!["name"]!.GetValue<string>());
        var step = Assert.Single(run["steps"]!.AsArray())!;
        Assert.Equal("completed", step["status"]!.GetValue<string>());
        Assert.Equal(sync.JobId.ToString(), step["request"]!["sync_job_id"]!.GetValue<string>());
        Assert.Equal(accountId.ToString(), step["request"]!["integrated_account_id"]!.GetValue<string>());
        var syncRunId = Guid.Parse(step["sync_job_run_id"]!.GetValue<string>());

        var syncRun = await HelpdeskSync.WaitForRunAsync(Platform.Client, syncRunId, Patience);
        Assert.Equal("completed", syncRun["status"]!.GetValue<string>());
        Assert.Equal(accountId.ToString(), syncRun["integrated_account_id"]!.GetValue<string>());
        HelpdeskSync.AssertAllRecords(_vendor, HelpdeskSync.Events(_receiver, syncRunId));
        foreach (var delivered in _receiver.Received.Where(r => r.AnsweredStatus == 200))
        {
            Assert.Null(StandardWebhooksVerifier.Verify(sync.Secret, delivered, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow));
        }
        // GET /workflow-run/{id} answers the same run.
        var read = (await Platform.Client.GetJsonAsync($"/workflow-run/{run["id"]!.GetValue<string>()}")).Expect(HttpStatusCode.OK);
        Assert.Equal(syncRunId.ToString(), read["steps"]![0]!["sync_job_run_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_if_that_is_false_records_a_skipped_run_and_creates_no_sync_run()
    {
        var sync = await HelpdeskSync.PrepareAsync(Platform.Client, _vendor.BaseUrl, _receiver.Url);
        var workflowId = await CreateAsync(new JsonObject
        {
            ["label"] = "only zendesk",
            ["trigger_name"] = "integrated_account:active",
            ["config"] = new JsonObject
            {
                ["run_if"] = "integration.name = 'zendesk'",
                ["steps"] = new JsonArray(RunStep(sync)),
            },
        });

        var accountId = await sync.ConnectAccountAsync(Platform.Client);
        var run = await WaitForRunAsync(Platform.Client, workflowId, Patience);

        Assert.Equal("skipped", run["status"]!.GetValue<string>());
        Assert.Empty(run["steps"]!.AsArray());
        Assert.NotNull(run["finished_at"]);
        Assert.Equal(accountId.ToString(), run["context"]!["integrated_account_id"]!.GetValue<string>());
        var syncRuns = (await Platform.Client.GetJsonAsync($"/sync-job-run?sync_job_id={sync.JobId}")).Expect(HttpStatusCode.OK)["result"]!.AsArray();
        Assert.Empty(syncRuns);

        // The fan-out is at least once: the same event handed to the trigger again starts no second run.
        var environmentId = Guid.Parse((await Platform.Client.GetJsonAsync($"/workflow/{workflowId}")).Expect(HttpStatusCode.OK)["environment_id"]!.GetValue<string>());
        var platformEvent = await Platform.Services.GetRequiredService<StoredEventLog>().GetAsync(environmentId, Guid.Parse(run["event_id"]!.GetValue<string>()));
        await Platform.Services.GetRequiredService<WorkflowTrigger>().OnEventAsync(platformEvent!, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var runs = (await Platform.Client.GetJsonAsync($"/workflow-run?workflow_id={workflowId}")).Expect(HttpStatusCode.OK)["result"]!.AsArray();
        Assert.Equal(run["id"]!.GetValue<string>(), Assert.Single(runs)!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task JSONata_error_in_a_step_records_the_failed_step_while_the_other_steps_and_workflows_run()
    {
        var sync = await HelpdeskSync.PrepareAsync(Platform.Client, _vendor.BaseUrl, _receiver.Url);
        var broken = await CreateAsync(new JsonObject
        {
            ["label"] = "broken second step",
            ["trigger_name"] = "integrated_account:active",
            ["config"] = new JsonObject
            {
                ["run_if"] = $"integration.name = '{sync.IntegrationName}'",
                ["steps"] = new JsonArray(
                    RunStep(sync, runIf: "false"),
                    new JsonObject { ["type"] = "run", ["action"] = "run_sync_job", ["config"] = "$error('no sync job for ' & integration.name)" },
                    new JsonObject { ["type"] = "run", ["action"] = "run_sync_job", ["config"] = "{ \"sync_job_id\": 42 }" },
                    RunStep(sync)),
            },
        });
        var healthy = await CreateAsync(new JsonObject
        {
            ["label"] = "healthy",
            ["trigger_name"] = "integrated_account:active",
            ["config"] = new JsonObject
            {
                ["run_if"] = $"integration.name = '{sync.IntegrationName}'",
                ["steps"] = new JsonArray(RunStep(sync)),
            },
        });

        await sync.ConnectAccountAsync(Platform.Client);
        var run = await WaitForRunAsync(Platform.Client, broken, Patience);
        var other = await WaitForRunAsync(Platform.Client, healthy, Patience);

        Assert.Equal("failed", run["status"]!.GetValue<string>());
        var steps = run["steps"]!.AsArray();
        Assert.Equal([0, 1, 2, 3], steps.Select(s => s!["index"]!.GetValue<int>()));
        Assert.Equal(["skipped", "failed", "failed", "completed"], steps.Select(s => s!["status"]!.GetValue<string>()));
        Assert.Contains("D3137", steps[1]!["error"]!.GetValue<string>());
        Assert.Contains($"no sync job for {sync.IntegrationName}", steps[1]!["error"]!.GetValue<string>());
        Assert.Contains("sync_job_id: expected a UUID, got 42", steps[2]!["error"]!.GetValue<string>());
        Assert.Contains("integrated_account_id: expected a UUID", steps[2]!["error"]!.GetValue<string>());
        Assert.Equal("completed", other["status"]!.GetValue<string>());

        // Both workflows' runs created their sync runs, and both complete.
        foreach (var id in new[] { steps[3]!["sync_job_run_id"]!, other["steps"]![0]!["sync_job_run_id"]! })
        {
            var syncRun = await HelpdeskSync.WaitForRunAsync(Platform.Client, Guid.Parse(id.GetValue<string>()), Patience);
            Assert.Equal("completed", syncRun["status"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Step_whose_sync_run_is_refused_records_the_reason()
    {
        var sync = await HelpdeskSync.PrepareAsync(Platform.Client, _vendor.BaseUrl, _receiver.Url);
        var missingJob = Guid.NewGuid();
        var workflowId = await CreateAsync(new JsonObject
        {
            ["label"] = "unknown job",
            ["trigger_name"] = "integrated_account:active",
            ["config"] = new JsonObject
            {
                ["run_if"] = $"integration.name = '{sync.IntegrationName}'",
                ["steps"] = new JsonArray(new JsonObject
                {
                    ["type"] = "run",
                    ["action"] = "run_sync_job",
                    // The object form: placeholders over the trigger context.
                    ["config"] = new JsonObject
                    {
                        ["sync_job_id"] = missingJob.ToString(),
                        ["integrated_account_id"] = "{{integrated_account_id}}",
                        ["webhook_id"] = sync.WebhookId.ToString(),
                    },
                }),
            },
        });

        var accountId = await sync.ConnectAccountAsync(Platform.Client);
        var run = await WaitForRunAsync(Platform.Client, workflowId, Patience);

        Assert.Equal("failed", run["status"]!.GetValue<string>());
        var step = run["steps"]![0]!;
        Assert.Equal("failed", step["status"]!.GetValue<string>());
        Assert.Equal($"$.sync_job_id: sync job {missingJob} not found", step["error"]!.GetValue<string>());
        Assert.Equal(accountId.ToString(), step["request"]!["integrated_account_id"]!.GetValue<string>());
    }

    private async Task<Guid> CreateAsync(JsonObject workflow) => Id((await Platform.Client.PostJsonAsync("/workflow", workflow)).Expect(HttpStatusCode.Created));

    private static JsonObject RunStep(HelpdeskSync sync, string? runIf = null)
    {
        var step = new JsonObject
        {
            ["type"] = "run",
            ["action"] = "run_sync_job",
            ["config"] = $"{{ \"sync_job_id\": \"{sync.JobId}\", \"integrated_account_id\": integrated_account_id, \"webhook_id\": \"{sync.WebhookId}\" }}",
        };
        if (runIf is not null) step["run_if"] = runIf;
        return step;
    }
}
