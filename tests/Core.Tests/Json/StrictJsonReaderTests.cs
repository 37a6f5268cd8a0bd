using System.Text.Json.Nodes;
using Serverless.Core.Json;
using Xunit;

namespace Serverless.Core.Tests.Json;

public sealed class StrictJsonReaderTests
{
    public enum Mode
    {
        FailFast,
        Ignore,
    }

    public sealed record Item(int Count);

    public sealed record Body(string Name, Guid? EnvironmentId = null, Mode? ErrorHandling = null, Item? Inner = null, IReadOnlyList<Item>? Items = null, JsonObject? Config = null, bool IsBeta = false);

    private static ValidationError SingleError(string json)
    {
        var result = StrictJsonReader.Read<Body>(json);
        Assert.False(result.IsValid);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Valid_body_is_read_with_snake_case_names()
    {
        var result = StrictJsonReader.Read<Body>("""{"name":"n","environment_id":"6f9619ff-8b86-d011-b42d-00cf4fc964ff","error_handling":"fail_fast","items":[{"count":2}],"config":{"a":1},"is_beta":true}""");
        Assert.True(result.IsValid);
        Assert.Equal("n", result.Value!.Name);
        Assert.Equal(Mode.FailFast, result.Value.ErrorHandling);
        Assert.Equal(2, result.Value.Items![0].Count);
        Assert.True(result.Value.IsBeta);
        Assert.Equal(1, (int)result.Value.Config!["a"]!);
    }

    [Theory]
    [InlineData("""{"name":"n","extra":1}""", "$.extra", "unknown property (expected one of name, environment_id, error_handling, inner, items, config, is_beta)")]
    [InlineData("""{"name":"n","inner":{"count":1,"x":2}}""", "$.inner.x", "unknown property (expected one of count)")]
    [InlineData("""{}""", "$.name", "required")]
    [InlineData("""{"name":null}""", "$.name", "must not be null")]
    [InlineData("""{"name":1}""", "$.name", "expected string, got number")]
    [InlineData("""{"name":"n","is_beta":"yes"}""", "$.is_beta", "expected boolean, got string")]
    [InlineData("""{"name":"n","items":[{"count":1},{"count":true}]}""", "$.items[1].count", "expected integer, got boolean")]
    [InlineData("""{"name":"n","items":{}}""", "$.items", "expected array, got object")]
    [InlineData("""{"name":"n","inner":[1]}""", "$.inner", "expected object, got array")]
    [InlineData("""{"name":"n","environment_id":"nope"}""", "$.environment_id", "expected UUID string, got string")]
    [InlineData("""{"name":"n","error_handling":"sometimes"}""", "$.error_handling", "expected one of fail_fast, ignore, got 'sometimes'")]
    [InlineData("""[1]""", "$", "expected object, got array")]
    public void Problems_are_reported_with_path_and_expected_type(string json, string path, string message)
    {
        var error = SingleError(json);
        Assert.Equal(path, error.Path);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Malformed_json_is_reported_at_the_root()
    {
        var error = SingleError("""{"name":""");
        Assert.Equal("$", error.Path);
        Assert.StartsWith("invalid JSON", error.Message, StringComparison.Ordinal);
    }
}
