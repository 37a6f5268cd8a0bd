using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Errors;
using Serverless.Core.Http;

namespace Serverless.Core.Actions;

/// <summary>Picks an action's outputs from its result by dotted key, typed (SPEC §9).</summary>
public static class ActionOutputs
{
    /// <exception cref="ApiException">422 naming a required output that is missing or of the wrong type.</exception>
    public static JsonObject Pick(IReadOnlyList<ActionValueDefinition> definitions, JsonNode? result)
    {
        var outputs = new JsonObject();
        foreach (var definition in definitions)
        {
            var key = definition.Key ?? definition.Name;
            var value = DottedPath.Read(result, key);
            var typed = value is null ? null : ActionValueCoercion.Coerce(value, definition.Type);
            if (typed is null && definition.Required)
            {
                throw new ApiException(422, value is null
                    ? $"the required output '{definition.Name}' is missing from the response (key '{key}')"
                    : $"the required output '{definition.Name}' (key '{key}') is not {ActionValueCoercion.Describe(definition.Type)}");
            }
            outputs[definition.Name] = typed;
        }
        return outputs;
    }

    /// <summary>Every leaf path of <paramref name="result"/> with its inferred type (array items by index).</summary>
    public static JsonArray CandidateKeys(JsonNode? result)
    {
        var keys = new JsonArray();
        Walk(result, "", keys);
        return keys;
    }

    private static void Walk(JsonNode? node, string path, JsonArray keys)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                foreach (var (name, child) in obj) Walk(child, path.Length == 0 ? name : $"{path}.{name}", keys);
                break;
            case JsonArray array when array.Count > 0:
                for (var i = 0; i < array.Count; i++) Walk(array[i], path.Length == 0 ? $"{i}" : $"{path}.{i}", keys);
                break;
            default:
                if (path.Length > 0) keys.Add(new JsonObject { ["key"] = path, ["type"] = ActionValueCoercion.Infer(node).ToString().ToLowerInvariant() });
                break;
        }
    }
}
