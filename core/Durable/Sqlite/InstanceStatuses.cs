using DurableTask.Core;

namespace Serverless.Core.Durable.Sqlite;

/// <summary>The status values as stored (the DTFx enum's numbers) and which of them end an instance.</summary>
internal static class InstanceStatuses
{
    public static bool IsTerminal(OrchestrationStatus status) => status is
        OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled;

    /// <summary>SQL list of the terminal statuses, for <c>status IN (...)</c>.</summary>
    public static readonly string TerminalList = string.Join(", ",
        new[] { OrchestrationStatus.Completed, OrchestrationStatus.Failed, OrchestrationStatus.Terminated, OrchestrationStatus.Canceled }.Select(s => (int)s));
}
