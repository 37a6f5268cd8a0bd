using System.Text.Json.Nodes;

namespace Serverless.Core.Events;

/// <summary>Something that happened in one environment. The payload never holds secrets.</summary>
public sealed record PlatformEvent(Guid Id, Guid EnvironmentId, string EventType, JsonObject Payload, DateTimeOffset CreatedAt);
