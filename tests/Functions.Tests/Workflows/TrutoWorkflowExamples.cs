using System.Net;
using System.Text.Json.Nodes;
using Serverless.Functions.Tests.Infrastructure;

namespace Serverless.Functions.Tests.Workflows;

/// <summary>
/// The two request bodies of Truto's "Creating a Workflow" guide, character for character, with only the guide's sync
/// job and webhook ids replaced by real ones. The cron example is not valid JSON (its config string spans lines), but
/// it is valid YAML (a double-quoted flow scalar may), and the guide says the endpoint takes YAML: it is sent as such.
/// </summary>
internal static class TrutoWorkflowExamples
{
    public const string GuideSyncJobId = "51b79ace-a7b4-4077-93ba-8048a06ece2b";
    public const string GuideWebhookId = "9fda519d-148f-4cc5-bbac-4e373b16e5d4";

    public const string OnAccountConnection = """
        {
            "label": "Run sync job on account connection",
            "trigger_name": "integrated_account:active",
            "config": {
                "run_if": "integration.name = 'calcom'",
                "steps": [
                    {
                        "type": "run",
                        "action": "run_sync_job",
                        "config": "(\n  $sync_job_id := $mapValues(integration.name,{\n    \"calcom\": \"51b79ace-a7b4-4077-93ba-8048a06ece2b\"\n  });\n  {\n    \"sync_job_id\": $sync_job_id,\n    \"integrated_account_id\": integrated_account_id,\n    \"webhook_id\": \"9fda519d-148f-4cc5-bbac-4e373b16e5d4\"\n  }\n)"
                    }
                ]
            }
        }
        """;

    public const string WithCronExpression = """
        {
          "label": "Run sync job on account connection",
          "trigger_name": "integrated_account:connected",
          "config": {
            "run_if": "integration.name = 'calcom'",
            "steps": [
              {
                "type": "run",
                "action": "run_sync_job",
                "cron_expression": "0 */6 * * *",
                "config": "(
                  $sync_job_id := $mapValues(integration.name,{
                    \"calcom\": \"51b79ace-a7b4-4077-93ba-8048a06ece2b\"
                  });
                  {
                    \"sync_job_id\": $sync_job_id,
                    \"integrated_account_id\": integrated_account_id,
                    \"webhook_id\": \"9fda519d-148f-4cc5-bbac-4e373b16e5d4\"
                  }
                )"
              }
            ]
          }
        }
        """;

    public static string For(string example, Guid syncJobId, Guid webhookId) =>
        example.Replace(GuideSyncJobId, syncJobId.ToString("D"), StringComparison.Ordinal).Replace(GuideWebhookId, webhookId.ToString("D"), StringComparison.Ordinal);

    /// <summary>Posts the guide's first example as JSON; returns the workflow's id.</summary>
    public static async Task<Guid> CreateOnAccountConnectionAsync(HttpClient client, Guid syncJobId, Guid webhookId) =>
        Id((await client.SendTextAsync(HttpMethod.Post, "/workflow", For(OnAccountConnection, syncJobId, webhookId), "application/json")).Expect(HttpStatusCode.Created));

    /// <summary>Posts the guide's cron example as YAML; returns the workflow's id.</summary>
    public static async Task<Guid> CreateWithCronAsync(HttpClient client, Guid syncJobId, Guid webhookId) =>
        Id((await client.SendTextAsync(HttpMethod.Post, "/workflow", For(WithCronExpression, syncJobId, webhookId), "application/yaml")).Expect(HttpStatusCode.Created));

    /// <summary>Polls the workflow's runs until one has finished; returns it.</summary>
    public static async Task<JsonNode> WaitForRunAsync(HttpClient client, Guid workflowId, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        JsonNode? runs;
        do
        {
            runs = (await client.GetJsonAsync($"/workflow-run?workflow_id={workflowId}")).Expect(HttpStatusCode.OK)["result"];
            if (runs!.AsArray().FirstOrDefault(r => r!["status"]!.GetValue<string>() != "running") is { } finished)
            {
                return finished;
            }
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"no run of workflow {workflowId} finished within {patience}: {runs?.ToJsonString()}");
    }

    public static Guid Id(JsonNode node) => Guid.Parse(node["id"]!.GetValue<string>());
}
