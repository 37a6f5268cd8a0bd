namespace Serverless.Core.SyncJobs.Runs;

/// <summary>
/// Starts and signals run orchestrations. The one seam between creating a run and the Durable engine that runs it:
/// standalone it is the engine's <c>DurableTaskClient</c> from DI; under the Functions host, the client the isolated
/// worker binds to the invoking function (<c>[DurableClient]</c>). Code that creates runs is the same in both modes.
/// </summary>
public interface ISyncRunOrchestrations
{
    /// <summary>Schedules the run's orchestration (instance id = the run's id); a run already scheduled is left as it is.</summary>
    Task StartAsync(Guid environmentId, Guid runId, CancellationToken cancellationToken);

    /// <summary>Ends a wait of the run's orchestration early, so it sees a stop request at once.</summary>
    Task WakeAsync(Guid runId, CancellationToken cancellationToken);
}
