using Serverless.Core.Events;

namespace Serverless.Core.Workflows;

/// <summary>
/// The events a workflow may name as <c>trigger_name</c>: every platform event type (SPEC §6), and Truto's
/// <c>integrated_account:connected</c> (its cron example), which names the moment an account becomes usable: here
/// <c>integrated_account:active</c>.
/// </summary>
internal static class WorkflowTriggers
{
    public const string Connected = "integrated_account:connected";

    public static bool IsKnown(string triggerName) => EventTypes.IsKnown(triggerName) || triggerName == Connected;

    /// <summary>The event type a trigger name fires on.</summary>
    public static string EventTypeOf(string triggerName) => triggerName == Connected ? EventTypes.IntegratedAccountActive : triggerName;
}
