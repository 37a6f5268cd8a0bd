using System.Net;
using System.Text.Json.Nodes;
using Serverless.Functions.Tests.FunctionApp;
using Serverless.Functions.Tests.Infrastructure;
using Serverless.Functions.Tests.Simulators;
using Serverless.Functions.Tests.SyncJobs;
using Serverless.Functions.Tests.Webhooks.Outbound;
using Xunit;

namespace Serverless.Functions.Tests.Workflows;

/// <summary>
/// The published Function App under the real Functions host on Azurite: the account's activation reaches the workflow
/// trigger through the <c>EventFanOut</c> queue function, Durable Functions runs the workflow shims, whose step activity
/// starts a sync run, and the <c>WorkflowSchedules</c> timer function (each minute, on the host's clock) fires a cron
/// step: each of the three binds its Durable client.
/// </summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class WorkflowFunctionsHostTests(FunctionsHostFixture host)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Activation_runs_the_workflow_and_its_cron_step_fires_under_durable_functions()
    {
        await using var vendor = new HelpdeskSimulator(HelpdeskSync.Token, userCount: 40, ticketCount: 10, commentsPerTicket: 2);
        await vendor.StartAsync();
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var sync = await HelpdeskSync.PrepareAsync(host.Client, vendor.BaseUrl, receiver.Url);
        var step = $"{{ \"sync_job_id\": \"{sync.JobId}\", \"integrated_account_id\": integrated_account_id, \"webhook_id\": \"{sync.WebhookId}\" }}";
        var workflow = (await host.Client.PostJsonAsync("/workflow", new JsonObject
        {
            ["label"] = "now and every minute",
            ["trigger_name"] = "integrated_account:active",
            ["config"] = new JsonObject
            {
                ["run_if"] = $"integration.name = '{sync.IntegrationName}'",
                ["steps"] = new JsonArray(
                    new JsonObject { ["type"] = "run", ["action"] = "run_sync_job", ["config"] = step },
                    new JsonObject { ["type"] = "run", ["action"] = "run_sync_job", ["config"] = step, ["cron_expression"] = "* * * * *" }),
            },
        })).Expect(HttpStatusCode.Created);
        var workflowId = Guid.Parse(workflow["id"]!.GetValue<string>());

        await sync.ConnectAccountAsync(host.Client);
        var run = await TrutoWorkflowExamples.WaitForRunAsync(host.Client, workflowId, Patience);

        Assert.True(run["status"]!.GetValue<string>() == "completed", $"{run.ToJsonString()}\n--- host output ---\n{host.Output}");
        Assert.Equal(["completed", "scheduled"], run["steps"]!.AsArray().Select(s => s!["status"]!.GetValue<string>()));
        var now = await HelpdeskSync.WaitForRunAsync(host.Client, Guid.Parse(run["steps"]![0]!["sync_job_run_id"]!.GetValue<string>()), Patience);
        Assert.Equal("completed", now["status"]!.GetValue<string>());

        var deadline = DateTime.UtcNow + Patience;
        JsonNode schedule;
        do
        {
            schedule = (await host.Client.GetJsonAsync($"/workflow/{workflowId}/schedules")).Expect(HttpStatusCode.OK)["result"]![0]!;
            if (schedule["last_sync_job_run_id"] is not null || schedule["last_error"] is not null) break;
            await Task.Delay(500);
        }
        while (DateTime.UtcNow < deadline);
        Assert.True(schedule["last_sync_job_run_id"] is not null, $"{schedule.ToJsonString()}\n--- host output ---\n{host.Output}");
        var fired = await HelpdeskSync.WaitForRunAsync(host.Client, Guid.Parse(schedule["last_sync_job_run_id"]!.GetValue<string>()), Patience);
        Assert.Equal("completed", fired["status"]!.GetValue<string>());
        HelpdeskSync.AssertAllUsers(vendor, HelpdeskSync.Events(receiver, Guid.Parse(fired["id"]!.GetValue<string>())));

        // The host is shared with other tests: its schedule goes with the workflow.
        (await host.Client.DeleteJsonAsync($"/workflow/{workflowId}")).Expect(HttpStatusCode.OK);
    }
}
