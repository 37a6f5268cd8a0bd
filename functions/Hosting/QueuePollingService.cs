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

    private async Task PollAsync(IQueueTriggerHandler handler, CancellationToken stoppingToken)
    {
        // Leave the host's startup path before the first receive.
        await Task.Yield();
        var idleDelay = _options.MinIdleDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<QueueMessage> messages;
            try
            {
                messages = await queue.ReceiveAsync(handler.QueueName, _options.BatchSize, _options.VisibilityTimeout, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogReceiveFailed(handler.QueueName, ex);
                messages = [];
            }

            if (messages.Count == 0)
            {
                if (!await DelayAsync(idleDelay, stoppingToken))
                {
                    return;
                }
                idleDelay = idleDelay * 2 < _options.MaxIdleDelay ? idleDelay * 2 : _options.MaxIdleDelay;
                continue;
            }

            idleDelay = _options.MinIdleDelay;
            await Task.WhenAll(messages.Select(message => HandleAsync(handler, message, stoppingToken)));
        }
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

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
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
