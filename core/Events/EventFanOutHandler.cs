using Microsoft.Extensions.Logging;
using Serverless.Core.Triggers;

namespace Serverless.Core.Events;

/// <summary>
/// Queue function <c>EventFanOut</c>: makes sure the event is in the log (the message carries it), then hands it to
/// every <see cref="IEventSubscriber"/> (webhooks, workflow triggers). A failure leaves the message for a retry;
/// subscribers are idempotent per event, so a retry re-dispatches safely. A message that names an event by id only
/// (earlier versions, the sweeper) is read from the log and its outbox marker cleared afterwards.
/// </summary>
public sealed partial class EventFanOutHandler(StoredEventLog log, EventOutbox outbox, IEnumerable<IEventSubscriber> subscribers, ILogger<EventFanOutHandler> logger)
    : IQueueTriggerHandler
{
    private readonly IEventSubscriber[] _subscribers = [.. subscribers];

    /// <summary>The function's name, a constant for the Function App's <c>[Function]</c> attribute.</summary>
    public const string Name = "EventFanOut";

    /// <inheritdoc/>
    public string FunctionName => Name;

    /// <inheritdoc/>
    public string QueueName => EventOutbox.FanOutQueue;

    /// <inheritdoc/>
    public async Task HandleAsync(QueueTriggerContext context, CancellationToken cancellationToken)
    {
        var message = EventOutbox.ParseMessage(context.MessageText);
        var platformEvent = message.Event is { } carried
            ? await log.EnsureStoredAsync(carried, cancellationToken)
            : await log.GetAsync(message.EnvironmentId, message.EventId, cancellationToken);
        if (platformEvent is null)
        {
            // The marker is written before the event: a crash in between leaves a marker for nothing.
            LogEventMissing(logger, message.EventId);
        }
        else
        {
            foreach (var subscriber in _subscribers)
            {
                await subscriber.OnEventAsync(platformEvent, cancellationToken);
            }
        }

        if (message.Event is null)
        {
            await outbox.MarkDispatchedAsync(message, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId} has an outbox marker but was never stored; dropping the marker.")]
    private static partial void LogEventMissing(ILogger logger, Guid eventId);
}
