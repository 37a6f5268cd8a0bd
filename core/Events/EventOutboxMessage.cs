namespace Serverless.Core.Events;

/// <summary>The fan-out queue's message: which stored event to dispatch.</summary>
public sealed record EventOutboxMessage(Guid EnvironmentId, Guid EventId);
