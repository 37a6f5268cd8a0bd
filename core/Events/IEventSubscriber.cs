namespace Serverless.Core.Events;

/// <summary>
/// Something besides webhooks that reacts to every published event (e.g. workflow triggers). Called by
/// the fan-out at least once per event; implementations must be idempotent per event id and should
/// only enqueue their own work, not do it inline.
/// </summary>
public interface IEventSubscriber
{
    /// <summary>Reacts to <paramref name="platformEvent"/>; may be called again for the same event.</summary>
    Task OnEventAsync(PlatformEvent platformEvent, CancellationToken cancellationToken);
}
