using System.Text.Json.Nodes;
using Serverless.Core.Events;

namespace Serverless.Core.Workflows;

/// <summary>
/// What a workflow's <c>run_if</c> and step configs see: <c>{event, event_id, ...payload}</c>, the event's payload fields
/// at the top level (Truto's examples read <c>integration.name</c> and <c>integrated_account_id</c>), <c>event</c> the
/// event's type and <c>event_id</c> its id (a payload field of the same name wins: the payload is what users read).
/// </summary>
internal static class WorkflowContext
{
    public const string Event = "event";
    public const string EventId = "event_id";

    public static JsonObject From(PlatformEvent platformEvent)
    {
        var context = new JsonObject
        {
            [Event] = platformEvent.EventType,
            [EventId] = platformEvent.Id.ToString("D"),
        };
        foreach (var (key, value) in platformEvent.Payload)
        {
            context[key] = value?.DeepClone();
        }
        return context;
    }
}
