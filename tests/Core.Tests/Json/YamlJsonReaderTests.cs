using System.Text.Json.Nodes;
using Serverless.Core.Json;
using Xunit;

namespace Serverless.Core.Tests.Json;

public sealed class YamlJsonReaderTests
{
    private static string Read(string yaml) => YamlJsonReader.Read(yaml)?.ToJsonString() ?? "null";

    [Theory]
    [InlineData("a: 1", """{"a":1}""")]
    [InlineData("a: -17", """{"a":-17}""")]
    [InlineData("a: +5", """{"a":5}""")]
    [InlineData("a: 0x1F", """{"a":31}""")]
    [InlineData("a: 0o17", """{"a":15}""")]
    [InlineData("a: 1.5", """{"a":1.5}""")]
    [InlineData("a: 1e3", """{"a":1000}""")]
    [InlineData("a: .5", """{"a":0.5}""")]
    [InlineData("a: 12345678901234567890", """{"a":12345678901234567890}""")]
    [InlineData("a: true\nb: False\nc: TRUE", """{"a":true,"b":false,"c":true}""")]
    [InlineData("a: null\nb: ~\nc:", """{"a":null,"b":null,"c":null}""")]
    [InlineData("a: yes\nb: on\nc: no", """{"a":"yes","b":"on","c":"no"}""")]
    [InlineData("a: 010", """{"a":10}""")]
    [InlineData("a: -007", """{"a":-7}""")]
    [InlineData("a: -0", """{"a":-0}""")]
    [InlineData("a: 1_000", """{"a":"1_000"}""")]
    [InlineData("a: 1.2.3", """{"a":"1.2.3"}""")]
    [InlineData("a: 2024-01-01", """{"a":"2024-01-01"}""")]
    public void Plain_scalars_follow_the_yaml_1_2_core_schema(string yaml, string json)
    {
        Assert.Equal(json, Read(yaml));
    }

    [Fact]
    public void Numbers_read_back_as_any_numeric_type()
    {
        var node = YamlJsonReader.Read("i: 42\nf: 2.5\nh: 0x10")!;
        Assert.Equal(42, node["i"]!.GetValue<int>());
        Assert.Equal(42L, node["i"]!.GetValue<long>());
        Assert.Equal(42.0, node["i"]!.GetValue<double>());
        Assert.Equal(2.5m, node["f"]!.GetValue<decimal>());
        Assert.Equal(16, node["h"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("a: '1'", """{"a":"1"}""")]
    [InlineData("a: \"true\"", """{"a":"true"}""")]
    [InlineData("a: 'null'", """{"a":"null"}""")]
    [InlineData("a: !!str 42", """{"a":"42"}""")]
    [InlineData("a: |\n  line1\n  line2\n", """{"a":"line1\nline2\n"}""")]
    [InlineData("a: >-\n  folded\n  text\n", """{"a":"folded text"}""")]
    [InlineData("a: \"{{x:int}}\"", """{"a":"{{x:int}}"}""")]
    [InlineData("a: ''", """{"a":""}""")]
    public void Quoted_tagged_and_block_scalars_stay_strings(string yaml, string json)
    {
        Assert.Equal(json.Replace("\n", "\\n", StringComparison.Ordinal), Read(yaml));
    }

    [Fact]
    public void Nested_mappings_sequences_and_flow_styles_are_read()
    {
        var yaml = """
        resources:
          users:
            list: { method: get, path: /users }
        scopes: [read, write]
        items:
          - name: a
            n: 1
          - [1, 2]
        """;
        Assert.Equal(
            """{"resources":{"users":{"list":{"method":"get","path":"/users"}}},"scopes":["read","write"],"items":[{"name":"a","n":1},[1,2]]}""",
            Read(yaml));
    }

    [Fact]
    public void Anchors_and_aliases_are_expanded_as_copies()
    {
        var node = YamlJsonReader.Read("base: &h { a: 1 }\ncopy: *h\n")!;
        Assert.Equal("""{"base":{"a":1},"copy":{"a":1}}""", node.ToJsonString());
        node["copy"]!["a"] = 2;
        Assert.Equal(1, (int)node["base"]!["a"]!);
    }

    [Fact]
    public void Empty_document_is_null()
    {
        Assert.Null(YamlJsonReader.Read(""));
    }

    [Theory]
    [InlineData("a: 1\na: 2", "duplicate key 'a'", 2)]
    [InlineData("a: *missing", "unknown alias '*missing'", null)]
    [InlineData("a: [1, 2", null, null)]
    [InlineData("a: [", null, null)]
    [InlineData("[1, 2", null, null)]
    [InlineData("{a: 1", null, null)]
    [InlineData("a: {b: [1", null, null)]
    [InlineData("a: .inf", "'.inf' has no JSON representation", null)]
    [InlineData("? [1]\n: x", "mapping keys must be plain strings", null)]
    [InlineData("a: 1\n---\nb: 2", "expected a single YAML document", null)]
    [InlineData("a: !!int abc", "unsupported or mismatched tag", null)]
    public void Invalid_yaml_is_a_format_error_with_position(string yaml, string? problem, int? line)
    {
        var ex = Assert.Throws<YamlJsonException>(() => YamlJsonReader.Read(yaml));
        if (problem is not null)
        {
            Assert.Contains(problem, ex.Problem, StringComparison.Ordinal);
        }

        if (line is not null)
        {
            Assert.Equal(line, ex.Line);
        }

        Assert.StartsWith("YAML", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Alias_bombs_are_refused()
    {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        var previous = "a";
        for (var i = 0; i < 8; i++)
        {
            var name = "l" + i;
            yaml += $"{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n";
            previous = name;
        }

        var ex = Assert.Throws<YamlJsonException>(() => YamlJsonReader.Read(yaml));
        Assert.Contains("too many nodes", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_anchored_value_counts_by_its_size_each_time_an_alias_repeats_it()
    {
        var yaml = $"big: &b \"{new string('x', 1000)}\"\nlist: [{string.Join(", ", Enumerable.Repeat("*b", 100))}]\n";

        var ex = Assert.Throws<YamlJsonException>(() => YamlJsonReader.Read(yaml, maxExpandedBytes: 50_000));

        Assert.True(ex.IsTooLarge);
        Assert.Contains("expands to more than 50000 bytes", ex.Problem, StringComparison.Ordinal);
        Assert.Equal(100, YamlJsonReader.Read(yaml, maxExpandedBytes: 200_000)!["list"]!.AsArray().Count);
    }

    [Fact]
    public void The_expanded_size_is_the_size_of_the_compact_json()
    {
        const string yaml = "a: [1, xy, {b: null, c: true}]\nd: é\n";
        const string json = """{"a":[1,"xy",{"b":null,"c":true}],"d":"é"}""";

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), YamlJsonReader.Read(yaml, maxExpandedBytes: System.Text.Encoding.UTF8.GetByteCount(json))));
        Assert.True(Assert.Throws<YamlJsonException>(() => YamlJsonReader.Read(yaml, maxExpandedBytes: System.Text.Encoding.UTF8.GetByteCount(json) - 1)).IsTooLarge);
    }

    [Fact]
    public void Deep_nesting_is_refused()
    {
        var yaml = new string('[', 100) + new string(']', 100);
        var ex = Assert.Throws<YamlJsonException>(() => YamlJsonReader.Read(yaml));
        Assert.Contains("deeper than", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_text_is_valid_yaml_and_reads_the_same()
    {
        const string json = """{"a":[1,2.5,"x",true,null,{"b":"c"}],"d":"{{e}}"}""";
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), YamlJsonReader.Read(json)));
    }
}
