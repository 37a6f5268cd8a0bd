using System.Text.Json.Nodes;
using Serverless.Core.Json;
using Serverless.Core.Jsonata;
using Serverless.Core.Templating;
using Serverless.Core.Workflows.Schedules;

namespace Serverless.Core.Workflows;

/// <summary>
/// Checks a workflow before it is stored, reporting every problem with its JSON path: a label; a <c>trigger_name</c>
/// that is a known event type; at least one step, each <c>type: run</c> with <c>action: run_sync_job</c>; every
/// <c>run_if</c> and string <c>config</c> compiles as JSONata; object configs hold well-formed placeholders; every
/// <c>cron_expression</c> parses.
/// </summary>
public sealed class WorkflowValidator(IJsonataSyntaxChecker jsonata)
{
    /// <summary>Every problem of the workflow, with its JSON path; empty when it is valid.</summary>
    public IReadOnlyList<ValidationError> Validate(string label, string triggerName, WorkflowConfig config)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(label))
        {
            errors.Add(new("$.label", "must not be empty"));
        }
        if (!WorkflowTriggers.IsKnown(triggerName))
        {
            errors.Add(new("$.trigger_name", $"unknown event type '{triggerName}'"));
        }
        CheckJsonata(config.RunIf, "$.config.run_if", errors);
        if (config.Steps.Count == 0)
        {
            errors.Add(new("$.config.steps", "list at least one step"));
        }
        for (var i = 0; i < config.Steps.Count; i++)
        {
            var step = config.Steps[i];
            var path = JsonPath.Index("$.config.steps", i);
            if (step.Type != WorkflowStep.RunType)
            {
                errors.Add(new(JsonPath.Property(path, "type"), $"unknown step type '{step.Type}' (expected '{WorkflowStep.RunType}')"));
            }
            if (step.Action != WorkflowStep.RunSyncJobAction)
            {
                errors.Add(new(JsonPath.Property(path, "action"), $"unknown action '{step.Action}' (expected '{WorkflowStep.RunSyncJobAction}')"));
            }
            CheckJsonata(step.RunIf, JsonPath.Property(path, "run_if"), errors);
            var configPath = JsonPath.Property(path, "config");
            switch (step.Config)
            {
                case JsonValue value when value.TryGetValue<string>(out var expression):
                    CheckJsonata(expression, configPath, errors);
                    break;
                case JsonObject template:
                    errors.AddRange(JsonTemplate.Check(template, configPath).Select(problem => new ValidationError(problem.Path, problem.Message)));
                    break;
                default:
                    errors.Add(new(configPath, "expected an object (placeholders allowed) or a JSONata string"));
                    break;
            }
            if (step.CronExpression is not null && WorkflowCron.TryParse(step.CronExpression, out var cronError) is null)
            {
                errors.Add(new(JsonPath.Property(path, "cron_expression"), cronError!));
            }
        }
        return errors;
    }

    private void CheckJsonata(string? expression, string path, List<ValidationError> errors)
    {
        if (expression is null)
        {
            return;
        }
        if (string.IsNullOrWhiteSpace(expression))
        {
            errors.Add(new(path, "must not be empty"));
        }
        else if (jsonata.Check(expression) is { } syntax)
        {
            errors.Add(new(path, $"JSONata syntax error {syntax.Code}: {syntax.Message}"));
        }
    }
}
