using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Errors;

namespace Serverless.Core.Actions;

/// <summary>
/// Reads an action's inputs from the caller's body (SPEC §9): each input at its <c>key</c>, required
/// ones present, values coerced to their type (a numeric string becomes a number, "true" a boolean).
/// </summary>
internal static class ActionInputs
{
    /// <returns>The inputs keyed by their <c>key</c>, as templates see them (<c>{{inputs.&lt;key&gt;}}</c>).</returns>
    /// <exception cref="ApiException">400 naming the first bad input.</exception>
    public static JsonObject Read(IReadOnlyList<ActionValueDefinition> definitions, JsonNode? body)
    {
        if (body is not null and not JsonObject) throw new ApiException(400, "$: the action's inputs must be a JSON object");
        var given = body as JsonObject;
        var inputs = new JsonObject();
        foreach (var definition in definitions)
        {
            var key = definition.Key ?? definition.Name;
            var value = given?[key];
            if (value is null)
            {
                if (definition.Required) throw new ApiException(400, $"$.{key}: the input '{definition.Name}' is required");
                continue;
            }
            inputs[key] = ActionValueCoercion.Coerce(value, definition.Type)
                ?? throw new ApiException(400, $"$.{key}: the input '{definition.Name}' must be {ActionValueCoercion.Describe(definition.Type)}");
        }
        return inputs;
    }
}

/// <summary>Coerces JSON values to an action value type; shared by inputs and outputs.</summary>
internal static class ActionValueCoercion
{
    /// <returns>The coerced value, or <c>null</c> when <paramref name="value"/> cannot be read as <paramref name="type"/>.</returns>
    public static JsonNode? Coerce(JsonNode value, ActionValueType type)
    {
        var kind = value.GetValueKind();
        var text = kind == JsonValueKind.String ? value.GetValue<string>() : null;
        switch (type)
        {
            case ActionValueType.String:
                return kind switch
                {
                    JsonValueKind.String => value.DeepClone(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => JsonValue.Create(value.ToJsonString()),
                    _ => null,
                };
            case ActionValueType.Integer:
                if (kind == JsonValueKind.Number && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)) return JsonValue.Create(whole);
                if (kind == JsonValueKind.Number && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e15) return JsonValue.Create((long)d);
                return text is not null && long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? JsonValue.Create(parsed) : null;
            case ActionValueType.Number:
                if (kind == JsonValueKind.Number) return value.DeepClone();
                return text is not null && double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? JsonValue.Create(number) : null;
            case ActionValueType.Boolean:
                if (kind is JsonValueKind.True or JsonValueKind.False) return value.DeepClone();
                return text?.Trim().ToLowerInvariant() switch { "true" => JsonValue.Create(true), "false" => JsonValue.Create(false), _ => null };
            case ActionValueType.Datetime:
                return text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
                    ? JsonValue.Create(instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture))
                    : null;
            case ActionValueType.Object:
                return kind == JsonValueKind.Object ? value.DeepClone() : null;
            case ActionValueType.Array:
                return kind == JsonValueKind.Array ? value.DeepClone() : null;
            default:
                return value.DeepClone();
        }
    }

    public static string Describe(ActionValueType type) => type switch
    {
        ActionValueType.Integer => "an integer",
        ActionValueType.Number => "a number",
        ActionValueType.Boolean => "a boolean",
        ActionValueType.Datetime => "a date-time (ISO 8601)",
        ActionValueType.Object => "an object",
        ActionValueType.Array => "an array",
        ActionValueType.Any => "any value",
        _ => "a string",
    };

    /// <summary>The type a value reads as, for candidate output keys.</summary>
    public static ActionValueType Infer(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.Number => long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? ActionValueType.Integer : ActionValueType.Number,
        JsonValueKind.True or JsonValueKind.False => ActionValueType.Boolean,
        JsonValueKind.String => DateTimeOffset.TryParseExact(value.GetValue<string>(), "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? ActionValueType.Datetime : ActionValueType.String,
        JsonValueKind.Object => ActionValueType.Object,
        JsonValueKind.Array => ActionValueType.Array,
        _ => ActionValueType.Any,
    };
}
