using System.Text.Json.Nodes;
using Serverless.Core.Templating;
using Xunit;

namespace Serverless.Core.Tests.Templating;

public sealed class JsonTemplateTests
{
    private static string Render(string template, string scope) =>
        JsonTemplate.Compile(JsonNode.Parse(template)).ResolveNode(new JsonObjectScope(JsonNode.Parse(scope)!.AsObject()))?.ToJsonString() ?? "null";

    [Fact]
    public void Array_example_of_the_spec_keeps_unresolved_text_and_types_numbers()
    {
        Assert.Equal("""["{{foo}}",1.34]""", Render("""["{{foo}}","{{bar:num}}"]""", """{"bar":"1.34"}"""));
    }

    [Fact]
    public void Undefined_whole_placeholders_remove_keys_and_array_items()
    {
        Assert.Equal("""{"a":1,"list":["x"]}""", Render("""{"a":"{{a:int}}","b":"{{b:undefined}}","list":["x","{{y:undefined}}"]}""", """{"a":"1"}"""));
    }

    [Fact]
    public void Nested_objects_are_resolved_and_literals_copied()
    {
        Assert.Equal(
            """{"filter":{"email":"a@b.c","active":true,"tags":["t",{"k":"v"}]},"n":null}""",
            Render("""{"filter":{"email":"{{email}}","active":"{{active:bool}}","tags":["t",{"k":"v"}]},"n":"{{n:null}}"}""", """{"email":"a@b.c","active":"true"}"""));
    }

    [Fact]
    public void Truto_merge_deep_merges_resolved_object_and_removes_key()
    {
        Assert.Equal(
            """{"a":{"x":1,"y":2},"list":[1,2],"b":"B"}""",
            Render("""{"a":{"x":1},"list":[1],"$truto_merge":"{{extra:json}}"}""", """{"extra":"{\"a\":{\"y\":2},\"list\":[2],\"b\":\"B\"}"}"""));
    }

    [Fact]
    public void Truto_merge_accepts_an_array_of_templates_and_ignores_undefined()
    {
        Assert.Equal(
            """{"k":0,"a":1,"b":2}""",
            Render("""{"k":0,"$truto_merge":["{{one:any}}","{{missing:json}}","{{two:any}}"]}""", """{"one":{"a":1},"two":{"b":2}}"""));
    }

    [Theory]
    [InlineData("""{"q":{"d":"foo","$truto_merge":"{{arr:json}}"}}""", """{"arr":[{"a":1}]}""", """{"q":{"d":"foo"}}""")]
    [InlineData("""{"q":{"d":"foo","$truto_merge":"{{s:json}}"}}""", """{"s":"text"}""", """{"q":{"d":"foo"}}""")]
    [InlineData("""{"q":{"d":"foo","$truto_merge":"{{n:json:null}}"}}""", """{"n":null}""", """{"q":{"d":"foo"}}""")]
    [InlineData("""{"q":{"v":"orig","$truto_merge":["{{a:json}}","{{b:json}}"]}}""", """{"a":{"v":"first"},"b":{"v":"second"}}""", """{"q":{"v":"second"}}""")]
    [InlineData("""{"q":{"b":"x","$truto_merge":["{{p:json|f:json}}","{{s:json}}"]}}""", """{"f":{"a":1},"s":{"b":2}}""", """{"q":{"b":2,"a":1}}""")]
    [InlineData("""{"o":{"i":{"d":"v","$truto_merge":"{{im:json}}"},"$truto_merge":"{{om:json}}"}}""", """{"im":{"ic":1},"om":{"oc":2}}""", """{"o":{"i":{"d":"v","ic":1},"oc":2}}""")]
    public void Truto_merge_edge_cases(string template, string scope, string expected)
    {
        Assert.Equal(expected, Render(template, scope));
    }

    [Fact]
    public void Literal_trees_compile_to_a_copy_without_placeholders()
    {
        var source = JsonNode.Parse("""{"a":[1,{"b":"c"}]}""");
        var template = JsonTemplate.Compile(source);
        Assert.False(template.HasPlaceholders);
        var result = template.ResolveNode(JsonObjectScope.Empty)!;
        Assert.NotSame(source, result);
        Assert.True(JsonNode.DeepEquals(source, result));
    }

    [Fact]
    public void Compile_is_cached_per_node_instance()
    {
        var node = JsonNode.Parse("""{"a":"{{a}}"}""");
        Assert.Same(JsonTemplate.Compile(node), JsonTemplate.Compile(node));
    }

    [Fact]
    public void Resolving_twice_gives_independent_trees()
    {
        var template = JsonTemplate.Compile(JsonNode.Parse("""{"a":"{{a:any}}","b":[1]}"""));
        var scope = new JsonObjectScope(new JsonObject { ["a"] = new JsonObject { ["x"] = 1 } });
        var first = template.ResolveNode(scope)!;
        var second = template.ResolveNode(scope)!;
        first["b"]!.AsArray().Add(2);
        Assert.Equal("""{"a":{"x":1},"b":[1]}""", second.ToJsonString());
    }

    [Fact]
    public void Concurrent_compile_and_resolve_of_a_parsed_tree_agree()
    {
        var source = JsonNode.Parse("""{"a":{"b":["{{x}}",{"c":"{{y:int}}"}],"lit":{"deep":[1,2,{"k":"v"}]}}}""");
        var scope = new JsonObjectScope(new JsonObject { ["x"] = "X", ["y"] = "5" });
        var results = new string[64];
        Parallel.For(0, results.Length, i => results[i] = JsonTemplate.Compile(source).ResolveNode(scope)!.ToJsonString());
        Assert.All(results, r => Assert.Equal("""{"a":{"b":["X",{"c":5}],"lit":{"deep":[1,2,{"k":"v"}]}}}""", r));
    }

    [Fact]
    public void Check_reports_unknown_types_with_json_path()
    {
        var problems = JsonTemplate.Check(JsonNode.Parse("""{"headers":{"X-Key":"{{k:secret}}"},"list":["ok","{{x:wat}}"]}"""), "$.body");
        Assert.Equal(2, problems.Count);
        Assert.Equal("$.body.headers['X-Key']", problems[0].Path);
        Assert.Contains("unknown placeholder type 'secret'", problems[0].Message, StringComparison.Ordinal);
        Assert.Equal("$.body.list[1]", problems[1].Path);
    }
}
