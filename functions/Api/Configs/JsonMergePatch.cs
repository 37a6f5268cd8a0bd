using System.Text.Json.Nodes;
using Serverless.Core.Json;

namespace Serverless.Functions.Api.Configs;

/// <summary><see cref="JsonDeepMerge"/> for the object-to-object case of PATCH bodies and overrides.</summary>
internal static class JsonMergePatch
{
    /// <summary>A new object: <paramref name="patch"/> deep-merged over <paramref name="target"/> (null removes a key).</summary>
    public static JsonObject Apply(JsonObject target, JsonObject? patch) => (JsonObject)JsonDeepMerge.Merge(target, patch ?? [])!;
}
