using System.Text.Json.Nodes;

namespace Serverless.Functions.Api.Configs;

/// <summary>
/// Deep merge for PATCH and overrides: objects merge key by key, anything else replaces, and
/// <c>null</c> removes the key. Returns a new tree; the inputs are not changed.
/// </summary>
/// <remarks>Stands in for <c>Serverless.Core.Json.JsonDeepMerge</c> until the config branch provides it.</remarks>
internal static class JsonMergePatch
{
    public static JsonObject Apply(JsonObject target, JsonObject? patch)
    {
        var result = (JsonObject)target.DeepClone();
        if (patch is null)
        {
            return result;
        }

        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonObject patchObject && result[key] is JsonObject targetObject)
            {
                result[key] = Apply(targetObject, patchObject);
            }
            else
            {
                result[key] = value.DeepClone();
            }
        }

        return result;
    }
}
