namespace Serverless.Functions.Hosting;

/// <summary>The custom-handler answer to an invocation: output binding values, log lines for the host, the return value.</summary>
internal sealed record HostInvocationResult(IReadOnlyDictionary<string, object?> Outputs, IReadOnlyList<string> Logs, object? ReturnValue);
