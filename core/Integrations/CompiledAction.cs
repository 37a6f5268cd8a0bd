using Serverless.Core.Config;
using Serverless.Core.Jsonata;

namespace Serverless.Core.Integrations;

/// <summary>
/// A custom action (SPEC §9) ready to run: its definition (inputs, outputs) and its steps, each request compiled like
/// a resource method (<see cref="CompiledRequest"/>) and each expression compiled once. An action of a single request
/// (<c>config</c>) is one request step. An action that cannot run says why in <see cref="Unsupported"/>.
/// </summary>
public sealed class CompiledAction
{
    private CompiledAction(string name, ActionDefinition definition, IReadOnlyList<CompiledActionStep> steps, string? unsupported)
    {
        Name = name;
        Definition = definition;
        Steps = steps;
        Unsupported = unsupported;
    }

    /// <summary>The action's name in the config.</summary>
    public string Name { get; }

    /// <summary>The action as configured.</summary>
    public ActionDefinition Definition { get; }

    /// <summary>The compiled steps, in order (a single-request action has one).</summary>
    public IReadOnlyList<CompiledActionStep> Steps { get; }

    /// <summary>Why the action cannot run (a step's JSONata does not compile); <c>null</c> when it can.</summary>
    public string? Unsupported { get; }

    internal static CompiledAction Compile(string name, ActionDefinition action, IntegrationConfig integration)
    {
        if (action.Steps is not { Count: > 0 } steps)
        {
            return new(name, action, [new RequestStep(CompiledRequest.ForAction($"actions.{name}", action.Config ?? new ActionRequestConfig(), integration))], null);
        }

        var compiled = new List<CompiledActionStep>(steps.Count);
        for (var i = 0; i < steps.Count; i++)
        {
            var label = $"actions.{name}.steps[{i}]";
            try
            {
                compiled.Add(steps[i] switch
                {
                    RequestActionStep request => new RequestStep(CompiledRequest.ForAction(label, request.Config, integration)),
                    TransformActionStep transform => new TransformStep(label, JsonataExpression.Compile(transform.Expression)),
                    UpdateContextActionStep update => new UpdateContextStep(label, JsonataExpression.Compile(update.Expression)),
                    var other => throw new NotSupportedException($"{label}: step type {other.GetType().Name} is not supported"),
                });
            }
            catch (JsonataException exception)
            {
                return new(name, action, [], $"{label}.expression does not compile: {exception.Message}");
            }
        }

        return new(name, action, compiled, null);
    }
}

/// <summary>One step of a <see cref="CompiledAction"/>.</summary>
public abstract record CompiledActionStep;

/// <summary>A request through the proxy; its result (after <c>response_path</c>) is the step's result.</summary>
internal sealed record RequestStep(CompiledRequest Request) : CompiledActionStep;

/// <summary>JSONata over <c>{inputs, context, $previous}</c>; its result is the step's result.</summary>
internal sealed record TransformStep(string Label, JsonataExpression Expression) : CompiledActionStep;

/// <summary>JSONata whose object result is deep-merged into the account context.</summary>
internal sealed record UpdateContextStep(string Label, JsonataExpression Expression) : CompiledActionStep;
