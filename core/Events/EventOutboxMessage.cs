namespace Serverless.Core.Events;

/// <summary>
/// The fan-out queue's message: which event to dispatch, and the event itself, so that the queued message alone
/// is enough to dispatch it. <see cref="Event"/> is null in messages of earlier versions (and of the sweeper),
/// which name an event of the log that has an outbox marker.
/// </summary>
public sealed record EventOutboxMessage(Guid EnvironmentId, Guid EventId, PlatformEvent? Event = null);
