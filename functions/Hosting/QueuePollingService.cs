using Microsoft.Extensions.Options;
using Serverless.Core.Storage;
using Serverless.Core.Triggers;

namespace Serverless.Functions.Hosting;

/// <summary>
/// Local mode's stand-in for the Functions host's queue triggers: one receive loop per registered
/// queue function, feeding messages to the <see cref="TriggerDispatcher"/>.
/// </summary>
internal sealed partial class QueuePollingService(
    TriggerDispatcher dispatcher,
    IWorkQueue queue,
    IOptions<QueuePollingOptions> options,
    TimeProvider time,
    ILogger<QueuePollingService> logger) : BackgroundService
{
    private readonly QueuePollingOptions _options = options.Value;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(dispatcher.QueueHandlers.Select(handler => PollAsync(handler, stoppingToken)));

    /// <summary>
    /// Keeps up to <see cref="QueuePollingOptions.MaxConcurrentMessages"/> messages of one queue in hand: receives as
    /// soon as a slot frees (not when a whole batch is done), and when the queue is empty waits for its next arrival
    /// (queues that see their enqueues, <see cref="IWorkQueueArrivals"/>) or the idle delay, whichever comes first.
    /// </summary>
    private async Task PollAsync(IQueueTriggerHandler handler, CancellationToken stoppingToken)
    {
        // Leave the host's startup path before the first receive.
        await Task.Yield();
        var slots = new SemaphoreSlim(_options.MaxConcurrentMessages, _options.MaxConcurrentMessages);
        var arrivals = queue as IWorkQueueArrivals;
        var idleDelay = _options.MinIdleDelay;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
                var free = 1;
                while (free < _options.BatchSize && slots.Wait(0))
                {
                    free++;
                }

                var arrival = arrivals?.NextArrival(handler.QueueName);
                IReadOnlyList<QueueMessage> messages;
                try
                {
                    messages = await queue.ReceiveAsync(handler.QueueName, free, _options.VisibilityTimeout, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    slots.Release(free);
                    break;
                }
                catch (Exception ex)
                {
                    LogReceiveFailed(handler.QueueName, ex);
                    messages = [];
                }

                if (free > messages.Count)
                {
                    slots.Release(free - messages.Count);
                }

                foreach (var message in messages)
                {
                    _ = HandleThenReleaseAsync(handler, message, slots, stoppingToken);
                }

                if (messages.Count > 0)
                {
                    idleDelay = _options.MinIdleDelay;
                    continue;
                }

                if (!await WaitForWorkAsync(arrival, idleDelay, stoppingToken))
                {
                    break;
                }

                idleDelay = idleDelay * 2 < _options.MaxIdleDelay ? idleDelay * 2 : _options.MaxIdleDelay;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Let the messages in hand finish (they abandon themselves when cut short).
        for (var i = 0; i < _options.MaxConcurrentMessages; i++)
        {
            await slots.WaitAsync(CancellationToken.None);
        }
    }

    private async Task HandleThenReleaseAsync(IQueueTriggerHandler handler, QueueMessage message, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            await HandleAsync(handler, message, stoppingToken);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>Waits for the next arrival or the idle delay; false when stopping.</summary>
    private async Task<bool> WaitForWorkAsync(Task? arrival, TimeSpan idleDelay, CancellationToken stoppingToken)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(idleDelay, time, wake.Token);
        await Task.WhenAny(arrival ?? delay, delay).ConfigureAwait(false);
        // An arrival ends the wait: stop the timer rather than leave one behind per wake-up.
        await wake.CancelAsync().ConfigureAwait(false);
        return !stoppingToken.IsCancellationRequested;
    }

    private async Task HandleAsync(IQueueTriggerHandler handler, QueueMessage message, CancellationToken stoppingToken)
    {
        var lease = new MessageLease(message);
        using var renewalStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewal = RenewWhileRunningAsync(lease, renewalStop.Token);
        Exception? failure = null;
        try
        {
            var context = new QueueTriggerContext(message.Queue, message.Id, message.Body, message.DequeueCount, message.InsertedAt);
            await dispatcher.DispatchQueueAsync(handler.FunctionName, context, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down mid-message: hand it back at once so the next process need not wait out the lease.
            await renewalStop.CancelAsync();
            await renewal;
            await TryAbandonAsync(handler.FunctionName, lease.Current);
            return;
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        await renewalStop.CancelAsync();
        await renewal;
        try
        {
            if (failure is null)
            {
                await queue.CompleteAsync(lease.Current, CancellationToken.None);
            }
            else
            {
                var delay = _options.RetryDelayFor(message.DequeueCount);
                LogHandlerFailed(handler.FunctionName, message.Id, message.DequeueCount, delay, failure);
                await queue.AbandonAsync(lease.Current, delay, CancellationToken.None);
            }
        }
        catch (MessageReceiptExpiredException)
        {
            // The lease lapsed and someone else holds the message now; the handler is idempotent.
            LogLeaseLost(handler.FunctionName, message.Id);
        }
        catch (Exception ex)
        {
            LogSettleFailed(handler.FunctionName, message.Id, ex);
        }
    }

    private async Task TryAbandonAsync(string functionName, QueueMessage message)
    {
        try
        {
            await queue.AbandonAsync(message, delay: null, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The lease lapses by itself; this was only a shortcut.
            LogSettleFailed(functionName, message.Id, ex);
        }
    }

    private async Task RenewWhileRunningAsync(MessageLease lease, CancellationToken cancellationToken)
    {
        var interval = _options.VisibilityTimeout / 2;
        try
        {
            while (true)
            {
                await Task.Delay(interval, time, cancellationToken);
                lease.Current = await queue.RenewAsync(lease.Current, _options.VisibilityTimeout, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            LogRenewFailed(lease.Current.Queue, lease.Current.Id, ex);
        }
    }

    /// <summary>The newest receipt of a message whose visibility is being renewed.</summary>
    private sealed class MessageLease(QueueMessage message)
    {
        public QueueMessage Current { get; set; } = message;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving from queue {Queue} failed")]
    private partial void LogReceiveFailed(string queue, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {Function} failed on message {MessageId} (dequeue {DequeueCount}); retrying after {RetryDelay}")]
    private partial void LogHandlerFailed(string function, string messageId, int dequeueCount, TimeSpan retryDelay, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {Function} lost the lease on message {MessageId} before settling it")]
    private partial void LogLeaseLost(string function, string messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Settling message {MessageId} of function {Function} failed")]
    private partial void LogSettleFailed(string function, string messageId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the visibility of message {MessageId} on queue {Queue} failed")]
    private partial void LogRenewFailed(string queue, string messageId, Exception exception);
}
