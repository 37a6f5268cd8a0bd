namespace Serverless.Core.Triggers;

/// <summary>An invocation named a function that no registered handler provides.</summary>
internal sealed class TriggerFunctionNotFoundException(string functionName)
    : Exception($"No queue or timer function named '{functionName}' is registered.")
{
    public string FunctionName { get; } = functionName;
}
