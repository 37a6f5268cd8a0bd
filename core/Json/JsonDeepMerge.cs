using System.Text.Json.Nodes;

namespace Serverless.Core.Json;

/// <summary>
/// Merges a patch over a document the way integration PATCHes and environment overrides need:
/// objects merge key by key recursively, arrays and scalars replace, and a <c>null</c> in the patch
/// removes the key. Inputs are never mutated; the result shares no nodes with them.
/// </summary>
public static class JsonDeepMerge
{
    /// <summary><paramref name="patch"/> merged over <paramref name="target"/>, as a new tree; a patch that is not an object replaces the target.</summary>
    public static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        MergeInto(result, patchObject);
        return result;
    }

    /// <summary>Merges <paramref name="patch"/> into <paramref name="target"/> in place (the patch is not changed).</summary>
    public static void MergeInto(JsonObject target, JsonObject patch)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(patch);
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject patchChild && target[key] is JsonObject targetChild)
            {
                MergeInto(targetChild, patchChild);
            }
            else if (value is JsonObject newChild)
            {
                // A null inside a new subtree still means "absent", so merge it into an empty object.
                var created = new JsonObject();
                MergeInto(created, newChild);
                target[key] = created;
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }
}
