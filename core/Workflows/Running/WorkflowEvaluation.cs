using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Jsonata;
using Serverless.Core.SyncJobs.Runs;
using Serverless.Core.Templating;

namespace Serverless.Core.Workflows.Running;

/// <summary>
/// Evaluating a workflow against its trigger context (<see cref="WorkflowContext"/>): <c>run_if</c> with JSONata's
/// truthiness (<c>$boolean</c>: false, null, 0, "", and empty arrays and objects are false; no result is false), and a
/// step's config, templated or evaluated, into the sync job run it asks for.
/// </summary>
public sealed class WorkflowEvaluation(JsonataExpressionCache expressions)
{
    /// <summary>Whether <paramref name="runIf"/> holds (no expression: it does).</summary>
    /// <exception cref="WorkflowStepException">The expression fails to evaluate.</exception>
    public bool Holds(string? runIf, JsonObject context)
    {
        if (runIf is null)
        {
            return true;
        }
        return IsTruthy(Evaluate(runIf, context, "run_if"));
    }

    /// <summary>The run a step asks for: its config evaluated to <c>{sync_job_id, integrated_account_id, webhook_id, args?}</c>.</summary>
    /// <exception cref="WorkflowStepException">The config fails to evaluate, or its result is not such an object.</exception>
    public SyncRunRequest Request(WorkflowStep step, JsonObject context)
    {
        var result = step.Config is JsonValue value && value.TryGetValue<string>(out var expression)
            ? Evaluate(expression, context, "config")
            : JsonTemplate.Compile(step.Config).ResolveNode(new JsonObjectScope(context));
        if (result is not JsonObject run)
        {
            throw new WorkflowStepException($"config evaluated to {Describe(result)}, expected an object {{sync_job_id, integrated_account_id, webhook_id, args?}}");
        }
        var problems = new List<string>();
        var syncJobId = Id(run, "sync_job_id", problems);
        var accountId = Id(run, "integrated_account_id", problems);
        var webhookId = Id(run, "webhook_id", problems);
        JsonObject? args = null;
        if (run["args"] is { } given && (args = given as JsonObject) is null)
        {
            problems.Add($"args: expected an object, got {Describe(given)}");
        }
        string? errorHandling = null;
        if (run["error_handling"] is { } handling && !(handling is JsonValue text && text.TryGetValue(out errorHandling)))
        {
            problems.Add($"error_handling: expected a string, got {Describe(handling)}");
        }
        var ignorePreviousRun = false;
        if (run["ignore_previous_run"] is { } ignore && !(ignore is JsonValue flag && flag.TryGetValue(out ignorePreviousRun)))
        {
            problems.Add($"ignore_previous_run: expected a boolean, got {Describe(ignore)}");
        }
        if (problems.Count > 0)
        {
            throw new WorkflowStepException($"config evaluated to {Describe(result)}: {string.Join("; ", problems)}");
        }
        return new SyncRunRequest(syncJobId, accountId, webhookId, (JsonObject?)args?.DeepClone(), errorHandling, ignorePreviousRun);
    }

    private JsonNode? Evaluate(string expression, JsonObject context, string what)
    {
        try
        {
            return expressions.GetOrCompile(expression).Evaluate(context, null, JsonataPlatformFunctions.Shared.Options).ToJsonNode();
        }
        catch (JsonataException exception)
        {
            throw new WorkflowStepException($"{what}: JSONata error {exception.Code}: {exception.Message}");
        }
    }

    private static Guid Id(JsonObject run, string name, List<string> problems)
    {
        if (run[name] is JsonValue value && value.TryGetValue<string>(out var text) && Guid.TryParse(text, out var id))
        {
            return id;
        }
        problems.Add($"{name}: expected a UUID, got {Describe(run[name])}");
        return Guid.Empty;
    }

    private static bool IsTruthy(JsonNode? node) => node switch
    {
        JsonArray array => array.Any(IsTruthy),
        JsonObject obj => obj.Count > 0,
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.String => value.GetValue<string>().Length > 0,
            JsonValueKind.Number => value.GetValue<double>() != 0,
            _ => false,
        },
        _ => false,
    };

    private static string Describe(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "nothing";
        return text.Length > 200 ? string.Concat(text.AsSpan(0, 200), "…") : text;
    }
}

/// <summary>A workflow's expression or step config did not give what it must: the run records the message as the step's (or run's) error.</summary>
internal sealed class WorkflowStepException(string message) : Exception(message);
