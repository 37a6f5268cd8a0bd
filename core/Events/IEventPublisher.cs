namespace Serverless.Core.Events;

/// <summary>
/// Records an event durably. Delivery (webhook fan-out, workflow triggers) happens from the stored
/// event, so a publisher returning means the event will not be lost.
/// </summary>
public interface IEventPublisher
{
    /// <summary>Stores the event; publishing the same event id twice stores it once.</summary>
    Task PublishAsync(PlatformEvent platformEvent, CancellationToken cancellationToken = default);
}
