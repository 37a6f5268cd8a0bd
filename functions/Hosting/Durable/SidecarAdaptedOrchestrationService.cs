using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.History;

namespace Serverless.Functions.Hosting.Durable;

/// <summary>
/// Fits an orchestration service written for DTFx's own dispatchers (the Azure Storage provider) to the gRPC
/// sidecar's: the sidecar never renews the locks of the work items it runs, so this renews them on a timer until
/// they are completed or abandoned (otherwise an activity outliving the visibility timeout runs twice); and it hands
/// sub-orchestration starts over as plain DTFx types (the sidecar records its own subclass of the created event,
/// which the provider's history table cannot read back, and passes tags as a protobuf map, which its type-named
/// JSON cannot).
/// </summary>
internal sealed partial class SidecarAdaptedOrchestrationService : DelegatingOrchestrationService, IAsyncDisposable
{
    private readonly TimeSpan _renewInterval;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<TaskOrchestrationWorkItem, byte> _orchestrations = new();
    private readonly ConcurrentDictionary<TaskActivityWorkItem, byte> _activities = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _renewal;

    public SidecarAdaptedOrchestrationService(IOrchestrationService inner, TimeSpan lockTimeout, ILogger<SidecarAdaptedOrchestrationService> logger)
        : base(inner)
    {
        _renewInterval = lockTimeout / 3;
        _logger = logger;
        _renewal = RenewAsync(_stopping.Token);
    }

    public override async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await Inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (workItem is not null)
        {
            _orchestrations.TryAdd(workItem, 0);
        }

        return workItem!;
    }

    public override Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        _orchestrations.TryRemove(workItem, out _);
        ReplaceDerivedEvents(newOrchestrationRuntimeState.Events);
        ReplaceDerivedEvents(newOrchestrationRuntimeState.NewEvents);
        foreach (var message in orchestratorMessages)
        {
            if (message.Event is ExecutionStartedEvent { Tags: { } tags } started && tags is not Dictionary<string, string>)
            {
                started.Tags = new Dictionary<string, string>(tags, StringComparer.Ordinal);
            }
        }

        return Inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
    }

    private static void ReplaceDerivedEvents(IList<HistoryEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is SubOrchestrationInstanceCreatedEvent created && created.GetType() != typeof(SubOrchestrationInstanceCreatedEvent))
            {
                events[i] = new SubOrchestrationInstanceCreatedEvent(created.EventId)
                {
                    Name = created.Name,
                    Version = created.Version,
                    InstanceId = created.InstanceId,
                    Input = created.Input,
                    Timestamp = created.Timestamp,
                    IsPlayed = created.IsPlayed,
                };
            }
        }
    }

    public override Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        _orchestrations.TryRemove(workItem, out _);
        return Inner.AbandonTaskOrchestrationWorkItemAsync(workItem);
    }

    public override Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        _orchestrations.TryRemove(workItem, out _);
        return Inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);
    }

    public override async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await Inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (workItem is not null)
        {
            _activities.TryAdd(workItem, 0);
        }

        return workItem!;
    }

    public override Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        _activities.TryRemove(workItem, out _);
        return Inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
    }

    public override Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        _activities.TryRemove(workItem, out _);
        return Inner.AbandonTaskActivityWorkItemAsync(workItem);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _renewal.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task RenewAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_renewInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                foreach (var workItem in _orchestrations.Keys)
                {
                    await RenewAsync(() => Inner.RenewTaskOrchestrationWorkItemLockAsync(workItem), workItem.InstanceId).ConfigureAwait(false);
                }

                foreach (var workItem in _activities.Keys)
                {
                    await RenewAsync(() => Inner.RenewTaskActivityWorkItemLockAsync(workItem), workItem.Id).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task RenewAsync(Func<Task> renew, string workItem)
    {
        try
        {
            await renew().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // A lock that could not be renewed expires: the work is redone, never lost.
            LogRenewFailed(_logger, workItem, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the lock of work item {WorkItem} failed.")]
    private static partial void LogRenewFailed(ILogger logger, string workItem, Exception exception);
}
