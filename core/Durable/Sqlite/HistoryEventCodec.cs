using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using DurableTask.Core;
using DurableTask.Core.History;
using Newtonsoft.Json;

namespace Serverless.Core.Durable.Sqlite;

/// <summary>
/// Turns DTFx history events (and the small records around them) into JSON text and back. The event's type is
/// kept in its own column, so the JSON carries no type names and nothing in the database can choose which .NET
/// type gets built: only the concrete DTFx history event types are ever instantiated.
/// </summary>
internal static class HistoryEventCodec
{
    // DTFx's types are DataContracts written for Newtonsoft (their setters are internal or private); the same
    // serializer settings the DTFx providers use, without type-name handling.
    private static readonly JsonSerializerSettings Settings = new()
    {
        TypeNameHandling = TypeNameHandling.None,
        ConstructorHandling = ConstructorHandling.AllowNonPublicDefaultConstructor,
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
        NullValueHandling = NullValueHandling.Ignore,
        MissingMemberHandling = MissingMemberHandling.Ignore,
    };

    private static readonly JsonSerializer Serializer = JsonSerializer.Create(Settings);

    /// <summary>The concrete DTFx event type of each <see cref="EventType"/>.</summary>
    private static readonly FrozenDictionary<EventType, Type> EventTypes = typeof(HistoryEvent).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(HistoryEvent).IsAssignableFrom(t))
        .Select(t => (Type: t, ((HistoryEvent)RuntimeHelpers.GetUninitializedObject(t)).EventType))
        .GroupBy(p => p.EventType)
        // ContinueAsNewEvent derives from ExecutionCompletedEvent; each reports its own event type.
        .ToFrozenDictionary(g => g.Key, g => g.Select(p => p.Type).OrderBy(t => Depth(t)).First());

    public static string Write(object value) => JsonConvert.SerializeObject(value, Settings);

    public static T? Read<T>(string? json) where T : class =>
        json is null ? null : JsonConvert.DeserializeObject<T>(json, Settings);

    /// <summary>Reads an event written by <see cref="Write"/>, as the DTFx type of <paramref name="eventType"/>.</summary>
    /// <exception cref="InvalidDataException">The stored event type is unknown to this build.</exception>
    public static HistoryEvent ReadEvent(EventType eventType, string json)
    {
        if (!EventTypes.TryGetValue(eventType, out var type))
        {
            throw new InvalidDataException($"Unknown history event type {(int)eventType} in the orchestration store.");
        }

        using var reader = new JsonTextReader(new StringReader(json));
        return (HistoryEvent)Serializer.Deserialize(reader, type)!;
    }

    /// <summary>A message's event, built as the event type it declares.</summary>
    public static TaskMessage ReadMessage(string instanceId, string? executionId, EventType eventType, string json) => new()
    {
        Event = ReadEvent(eventType, json),
        OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = executionId },
    };

    private static int Depth(Type type)
    {
        var depth = 0;
        for (var t = type; t is not null; t = t.BaseType)
        {
            depth++;
        }

        return depth;
    }
}
