using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Core.SyncJobs.Running;
using Serverless.Core.SyncJobs.Runs;

namespace Serverless.Functions.SyncJobs;

/// <summary>The run orchestrations through whichever <see cref="DurableTaskClient"/> the hosting mode provides.</summary>
internal sealed partial class DurableSyncRunOrchestrations(IDurableClientSource source, ILogger<DurableSyncRunOrchestrations> logger) : ISyncRunOrchestrations
{
    public async Task StartAsync(Guid environmentId, Guid runId, CancellationToken cancellationToken)
    {
        var client = source.Client;
        var instanceId = runId.ToString("D");
        if (await client.GetInstanceAsync(instanceId, cancellationToken) is not null)
        {
            return;
        }
        await client.ScheduleNewOrchestrationInstanceAsync(
            nameof(SyncJobRunOrchestrator), new SyncRunState(environmentId, runId, SyncRunPhase.Created), new StartOrchestrationOptions { InstanceId = instanceId }, cancellationToken);
    }

    public async Task WakeAsync(Guid runId, CancellationToken cancellationToken)
    {
        try
        {
            await source.Client.RaiseEventAsync(runId.ToString("D"), SyncJobRunOrchestrator.WakeEvent, "stop", cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The stop is in the run's document already; waking only makes a waiting run see it sooner.
            LogWakeFailed(logger, runId, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sync run {RunId} could not be woken ({Reason}); it sees the stop at its next step")]
    private static partial void LogWakeFailed(ILogger logger, Guid runId, string reason);
}
