using System.Globalization;
using System.Text.Json;
using Serverless.Core.Triggers;

namespace Serverless.Functions.Hosting;

/// <summary>
/// Reads the Functions host's custom-handler invocation payload <c>{"Data": {...}, "Metadata": {...}}</c>.
/// The host renders metadata values either as JSON values or as JSON text inside strings depending on the
/// binding, so every reader accepts both.
/// </summary>
internal static class HostInvocation
{
    public const string QueueBindingName = "message";
    public const string TimerBindingName = "timer";

    /// <exception cref="InvalidInvocationPayloadException">The payload is not an invocation of a queue function.</exception>
    public static QueueTriggerContext ReadQueueInvocation(JsonElement payload, string queueName)
    {
        var data = RequireObject(payload, "Data");
        var message = data.TryGetProperty(QueueBindingName, out var named) ? named : FirstProperty(data, "$.Data");
        var text = message.ValueKind == JsonValueKind.String ? message.GetString()! : message.GetRawText();

        var metadata = payload.TryGetProperty("Metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        var id = ReadString(metadata, "Id") ?? throw new InvalidInvocationPayloadException("$.Metadata.Id: the queue message id is missing.");
        var dequeueCount = ReadString(metadata, "DequeueCount") is { } count
            ? int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw new InvalidInvocationPayloadException("$.Metadata.DequeueCount: expected an integer.")
            : 1;
        DateTimeOffset? inserted = ReadString(metadata, "InsertionTime") is { } insertion
            && DateTimeOffset.TryParse(insertion, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
        return new QueueTriggerContext(queueName, id, text, dequeueCount, inserted);
    }

    /// <summary>The queue message's pop receipt, when the host sent one.</summary>
    public static string? ReadPopReceipt(JsonElement payload) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("Metadata", out var metadata) ? ReadString(metadata, "PopReceipt") : null;

    /// <exception cref="InvalidInvocationPayloadException">The payload is not an invocation of a timer function.</exception>
    public static TimerTriggerContext ReadTimerInvocation(JsonElement payload, DateTimeOffset now)
    {
        var data = RequireObject(payload, "Data");
        var timer = data.TryGetProperty(TimerBindingName, out var named) ? named : FirstProperty(data, "$.Data");
        if (timer.ValueKind == JsonValueKind.String)
        {
            try
            {
                using var inner = JsonDocument.Parse(timer.GetString()!);
                return ReadTimerInfo(inner.RootElement, now);
            }
            catch (JsonException ex)
            {
                throw new InvalidInvocationPayloadException($"$.Data.{TimerBindingName}: not timer JSON ({ex.Message}).");
            }
        }
        return ReadTimerInfo(timer, now);
    }

    private static TimerTriggerContext ReadTimerInfo(JsonElement timer, DateTimeOffset now)
    {
        var isPastDue = timer.ValueKind == JsonValueKind.Object
            && timer.TryGetProperty("IsPastDue", out var pastDue)
            && pastDue.ValueKind == JsonValueKind.True;
        var status = timer.ValueKind == JsonValueKind.Object && timer.TryGetProperty("ScheduleStatus", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
        return new TimerTriggerContext(now, isPastDue, ReadTime(status, "Last"), ReadTime(status, "Next"));
    }

    private static JsonElement RequireObject(JsonElement payload, string name) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw new InvalidInvocationPayloadException($"$.{name}: expected an object.");

    private static JsonElement FirstProperty(JsonElement obj, string path)
    {
        foreach (var property in obj.EnumerateObject())
        {
            return property.Value;
        }
        throw new InvalidInvocationPayloadException($"{path}: the trigger binding's value is missing.");
    }

    private static string? ReadString(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => Unquote(value.GetString()!),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    private static DateTimeOffset? ReadTime(JsonElement obj, string name) =>
        ReadString(obj, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    // Some metadata arrives JSON-encoded twice: "\"abc\"".
    private static string Unquote(string text) =>
        text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? JsonSerializer.Deserialize<string>(text) ?? text : text;
}
