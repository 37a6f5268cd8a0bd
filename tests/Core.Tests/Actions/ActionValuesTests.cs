using System.Text.Json.Nodes;
using Serverless.Core.Actions;
using Serverless.Core.Config;
using Serverless.Core.Errors;
using Xunit;

namespace Serverless.Core.Tests.Actions;

public sealed class ActionValuesTests
{
    private static ActionValueDefinition Value(string name, ActionValueType type = ActionValueType.String, bool required = false, string? key = null) =>
        new() { Name = name, Key = key, Type = type, Required = required };

    [Fact]
    public void Inputs_are_coerced_to_their_type_and_keyed_by_key()
    {
        var inputs = ActionInputs.Read(
            [Value("count", ActionValueType.Integer), Value("ratio", ActionValueType.Number), Value("flag", ActionValueType.Boolean),
             Value("when", ActionValueType.Datetime), Value("Label", key: "label"), Value("absent")],
            JsonNode.Parse("""{"count":"42","ratio":"0.5","flag":"TRUE","when":"2026-01-02T03:04:05+01:00","label":7}"""));

        Assert.Equal("""{"count":42,"ratio":0.5,"flag":true,"when":"2026-01-02T02:04:05Z","label":"7"}""", inputs.ToJsonString());
    }

    [Theory]
    [InlineData("""{}""", "$.count", "required")]
    [InlineData("""{"count":"4.5"}""", "$.count", "an integer")]
    [InlineData("""{"count":true}""", "$.count", "an integer")]
    public void A_bad_input_is_a_400_naming_it(string body, string path, string problem)
    {
        var error = Assert.Throws<ApiException>(() => ActionInputs.Read([Value("count", ActionValueType.Integer, required: true)], JsonNode.Parse(body)));
        Assert.Equal(400, error.StatusCode);
        Assert.Contains(path, error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Outputs_are_read_by_dotted_key_and_a_missing_required_one_is_a_422()
    {
        var response = JsonNode.Parse("""{"data":{"id":12,"tags":["a","b"],"ok":"true"}}""");

        var outputs = ActionOutputs.Pick([Value("id", key: "data.id"), Value("second", key: "data.tags.1"), Value("ok", ActionValueType.Boolean, key: "data.ok"), Value("none", key: "data.x")], response);
        Assert.Equal("""{"id":"12","second":"b","ok":true,"none":null}""", outputs.ToJsonString());

        var missing = Assert.Throws<ApiException>(() => ActionOutputs.Pick([Value("total", required: true, key: "meta.total")], response));
        Assert.Equal(422, missing.StatusCode);
        Assert.Contains("'total'", missing.Message);
    }

    [Fact]
    public void Candidate_keys_are_every_leaf_path_with_its_inferred_type()
    {
        var keys = ActionOutputs.CandidateKeys(JsonNode.Parse("""{"a":{"b":1,"c":1.5},"d":[{"e":"2026-01-01T00:00:00Z"}],"f":false,"g":"x","h":null,"i":{}}"""));

        Assert.Equal(
            """[{"key":"a.b","type":"integer"},{"key":"a.c","type":"number"},{"key":"d.0.e","type":"datetime"},{"key":"f","type":"boolean"},{"key":"g","type":"string"},{"key":"h","type":"any"},{"key":"i","type":"object"}]""",
            keys.ToJsonString());
    }
}
