using System.Text.Json.Nodes;
using Serverless.Core.Json;
using Xunit;

namespace Serverless.Core.Tests.Json;

public sealed class JsonDeepMergeTests
{
    private static string Merge(string target, string patch) =>
        JsonDeepMerge.Merge(JsonNode.Parse(target), JsonNode.Parse(patch))?.ToJsonString() ?? "null";

    [Theory]
    [InlineData("""{"a":{"b":1,"c":2}}""", """{"a":{"c":3,"d":4}}""", """{"a":{"b":1,"c":3,"d":4}}""")]
    [InlineData("""{"a":[1,2,3]}""", """{"a":[9]}""", """{"a":[9]}""")]
    [InlineData("""{"a":{"b":1}}""", """{"a":5}""", """{"a":5}""")]
    [InlineData("""{"a":5}""", """{"a":{"b":1}}""", """{"a":{"b":1}}""")]
    [InlineData("""{"a":1,"b":2}""", """{"a":null}""", """{"b":2}""")]
    [InlineData("""{"a":{"b":1,"c":2}}""", """{"a":{"b":null}}""", """{"a":{"c":2}}""")]
    [InlineData("""{"a":1}""", """{"n":{"x":null,"y":1}}""", """{"a":1,"n":{"y":1}}""")]
    [InlineData("""{"a":1}""", """{"missing":null}""", """{"a":1}""")]
    [InlineData("""{"a":1}""", """[1]""", """[1]""")]
    [InlineData("""[1]""", """{"a":1}""", """{"a":1}""")]
    [InlineData("""{"a":1}""", "{}", """{"a":1}""")]
    public void Objects_merge_arrays_and_scalars_replace_null_removes(string target, string patch, string expected)
    {
        Assert.Equal(expected, Merge(target, patch));
    }

    [Fact]
    public void Inputs_are_not_mutated_and_result_shares_no_nodes()
    {
        var target = JsonNode.Parse("""{"a":{"b":[1]},"keep":{"x":1}}""")!;
        var patch = JsonNode.Parse("""{"a":{"c":{"d":1}},"keep":null}""")!;
        var targetBefore = target.ToJsonString();
        var patchBefore = patch.ToJsonString();

        var result = JsonDeepMerge.Merge(target, patch)!;
        result["a"]!["b"]!.AsArray().Add(2);
        result["a"]!["c"]!["d"] = 2;

        Assert.Equal(targetBefore, target.ToJsonString());
        Assert.Equal(patchBefore, patch.ToJsonString());
    }

    [Fact]
    public void Merge_with_null_patch_is_null_and_with_null_target_is_patch_copy()
    {
        Assert.Null(JsonDeepMerge.Merge(JsonNode.Parse("""{"a":1}"""), null));
        Assert.Equal("""{"a":1}""", JsonDeepMerge.Merge(null, JsonNode.Parse("""{"a":1,"b":null}"""))!.ToJsonString());
    }
}
