namespace Serverless.Functions.FunctionApp.Durable;

/// <summary>
/// The Durable Task hub of the platform: <c>extensions.durableTask.hubName</c> in host.json (a test keeps the two
/// equal), so that a standalone engine on the same Azure Storage account would share the Function App's history.
/// </summary>
/// <remarks>
/// This folder holds the Function App's Durable shims: for each orchestrator or activity written in core against
/// <c>Microsoft.DurableTask</c> (a <c>TaskOrchestrator&lt;TIn, TOut&gt;</c> / <c>TaskActivity&lt;TIn, TOut&gt;</c>, which
/// the standalone engine registers with <c>AddOrchestrator&lt;T&gt;()</c> / <c>AddActivity&lt;T&gt;()</c>), one
/// <c>[Function(nameof(T))]</c> method with an <c>[OrchestrationTrigger] TaskOrchestrationContext</c> or an
/// <c>[ActivityTrigger]</c> parameter that runs the same class (docs/hosting.md, "Durable Task").
/// </remarks>
internal static class DurableTaskHub
{
    public const string Name = "PlatformHub";
}
