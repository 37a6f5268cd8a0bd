using System.Text.Json.Nodes;
using Serverless.Core.Events;
using Serverless.Core.Jsonata;
using Serverless.Core.Workflows;
using Serverless.Core.Workflows.Running;
using Xunit;

namespace Serverless.Core.Tests.Workflows;

public sealed class WorkflowEvaluationTests
{
    private static readonly Guid Job = Guid.Parse("51b79ace-a7b4-4077-93ba-8048a06ece2b");
    private static readonly Guid Webhook = Guid.Parse("9fda519d-148f-4cc5-bbac-4e373b16e5d4");
    private static readonly Guid Account = Guid.Parse("0b8d2f4e-1c1f-4a53-9d0e-3f1b2f6b6a11");
    private readonly WorkflowEvaluation _evaluation = new(new JsonataExpressionCache());

    private static JsonObject Context(string integration = "calcom") => WorkflowContext.From(new PlatformEvent(
        Guid.Parse("018f0000-0000-7000-8000-000000000001"), Guid.NewGuid(), EventTypes.IntegratedAccountActive,
        new JsonObject { ["integrated_account_id"] = Account.ToString(), ["integration"] = new JsonObject { ["name"] = integration } }, DateTimeOffset.UnixEpoch));

    [Fact]
    public void Context_has_the_payload_at_the_top_level_with_the_event_type_and_id()
    {
        var context = Context();
        Assert.Equal("integrated_account:active", context["event"]!.GetValue<string>());
        Assert.Equal("018f0000-0000-7000-8000-000000000001", context["event_id"]!.GetValue<string>());
        Assert.Equal("calcom", context["integration"]!["name"]!.GetValue<string>());
        Assert.Equal(Account.ToString(), context["integrated_account_id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("integration.name = 'calcom'", true)]
    [InlineData("integration.name = 'zendesk'", false)]
    [InlineData("nothing.here", false)]
    [InlineData("0", false)]
    [InlineData("''", false)]
    [InlineData("{}", false)]
    [InlineData("[0, '']", false)]
    [InlineData("[0, 'x']", true)]
    [InlineData("integration", true)]
    [InlineData("event = 'integrated_account:active'", true)]
    public void Run_if_follows_jsonata_truthiness(string? runIf, bool holds) => Assert.Equal(holds, _evaluation.Holds(runIf, Context()));

    [Fact]
    public void Run_if_that_fails_to_evaluate_names_the_jsonata_error()
    {
        var error = Assert.Throws<WorkflowStepException>(() => _evaluation.Holds("$error('nope')", Context()));
        Assert.Equal("run_if: JSONata error D3137: nope", error.Message);
    }

    [Fact]
    public void Trutos_jsonata_step_config_gives_the_sync_run_request()
    {
        var step = new WorkflowStep("run", "run_sync_job", JsonValue.Create($$"""
            (
              $sync_job_id := $mapValues(integration.name,{
                "calcom": "{{Job}}"
              });
              {
                "sync_job_id": $sync_job_id,
                "integrated_account_id": integrated_account_id,
                "webhook_id": "{{Webhook}}"
              }
            )
            """)!);

        var request = _evaluation.Request(step, Context());

        Assert.Equal((Job, Account, Webhook), (request.SyncJobId, request.IntegratedAccountId, request.WebhookId));
        Assert.Null(request.Args);
        Assert.Throws<WorkflowStepException>(() => _evaluation.Request(step, Context("zendesk")));
    }

    [Fact]
    public void Object_step_config_resolves_its_placeholders_and_keeps_args()
    {
        var step = new WorkflowStep("run", "run_sync_job", new JsonObject
        {
            ["sync_job_id"] = Job.ToString(),
            ["integrated_account_id"] = "{{integrated_account_id}}",
            ["webhook_id"] = Webhook.ToString(),
            ["args"] = new JsonObject { ["integration"] = "{{integration.name}}" },
            ["error_handling"] = "fail_fast",
            ["ignore_previous_run"] = true,
        });

        var request = _evaluation.Request(step, Context());

        Assert.Equal(Account, request.IntegratedAccountId);
        Assert.Equal("calcom", request.Args!["integration"]!.GetValue<string>());
        Assert.Equal("fail_fast", request.ErrorHandling);
        Assert.True(request.IgnorePreviousRun);
    }

    [Theory]
    [InlineData("42", "config evaluated to 42, expected an object")]
    [InlineData("{'sync_job_id': 'x'}", "sync_job_id: expected a UUID, got \"x\"")]
    [InlineData("{'sync_job_id': 'x'}", "webhook_id: expected a UUID, got nothing")]
    [InlineData("{'args': [1]}", "args: expected an object, got [1]")]
    [InlineData("{'ignore_previous_run': 'yes'}", "ignore_previous_run: expected a boolean")]
    [InlineData("$undefinedFunction()", "config: JSONata error T1006")]
    public void Step_config_of_the_wrong_shape_names_every_problem(string config, string fragment)
    {
        var error = Assert.Throws<WorkflowStepException>(() => _evaluation.Request(new WorkflowStep("run", "run_sync_job", JsonValue.Create(config)!), Context()));
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }
}
