using System.Text.Json.Nodes;
using Serverless.Core.Templating;
using Xunit;

namespace Serverless.Core.Tests.Templating;

public sealed class PlaceholderTemplateTests
{
    private static JsonNode? Render(string template, string scopeJson)
    {
        var value = PlaceholderTemplate.Parse(template).Resolve(new JsonObjectScope(JsonNode.Parse(scopeJson)!.AsObject()));
        return value.IsUndefined ? JsonValue.Create("<undefined>") : value.ToNode();
    }

    private static string? Json(JsonNode? node) => node?.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null";

    [Theory]
    // SPEC §2.1 unit examples
    [InlineData("{{foo}} {{bar:bool}}", """{"foo":"bar","bar":"false"}""", "\"bar false\"")]
    [InlineData("{{foo|bar:ignore-empty-str}}", """{"foo":"","bar":"bar"}""", "\"bar\"")]
    [InlineData("{{foo:str|bar:int}}", """{"bar":1}""", "1")]
    [InlineData("{{foo?:bar}}", "{}", "\"bar\"")]
    [InlineData("{{x?:1:int}}", "{}", "1")]
    // types on a whole placeholder
    [InlineData("{{n}}", """{"n":5}""", "\"5\"")]
    [InlineData("{{n:int}}", """{"n":"42"}""", "42")]
    [InlineData("{{n:int}}", """{"n":"1.9"}""", "1")]
    [InlineData("{{n:int}}", """{"n":2.7}""", "2")]
    [InlineData("{{n:int}}", """{"n":"abc"}""", "\"abc\"")]
    [InlineData("{{n:num}}", """{"n":"1.34"}""", "1.34")]
    [InlineData("{{n:num}}", """{"n":"x1"}""", "\"x1\"")]
    [InlineData("{{b:bool}}", """{"b":"true"}""", "true")]
    [InlineData("{{b:bool}}", """{"b":"yes"}""", "\"yes\"")]
    [InlineData("{{b:bool}}", """{"b":1}""", "1")]
    [InlineData("{{b:bool}}", """{"b":{"on":"true","off":"false","s":"yes","n":{"x":"true"},"l":["false","x",2,null]}}""", """{"on":true,"off":false,"s":"yes","n":{"x":true},"l":[false,"x",2,null]}""")]
    [InlineData("{{b:bool}}", """{"b":[]}""", "[]")]
    [InlineData("{{o:null}}", """{"o":"null"}""", "null")]
    [InlineData("{{o:int:null}}", """{"o":"5"}""", "5")]
    [InlineData("{{o:int:null}}", "{}", "null")]
    [InlineData("{{o:str:null}}", """{"o":1}""", "\"1\"")]
    [InlineData("{{o:null:int}}", """{"o":"2"}""", "2")]
    [InlineData("{{o:bool:null}}", """{"o":"true"}""", "true")]
    [InlineData("{{o:null}}", """{"o":"blah"}""", "\"blah\"")]
    [InlineData("{{o:str:null|p:str}}", """{"o":null}""", "null")]
    [InlineData("{{o.a:int:null|o:int:null}}", """{"o":1}""", "1")]
    [InlineData("{{foo ?: bar}}", "{}", "\" bar\"")]
    [InlineData("{{foo ?: bar:str}}", "{}", "\" bar\"")]
    [InlineData("{{foo ?: 1:int}}", "{}", "1")]
    [InlineData("{{foo ?: false:bool}}", "{}", "false")]
    [InlineData("{{foo ?: 1.232:num}}", "{}", "1.232")]
    [InlineData("{{foo|baz:str?:bar}}", "{}", "\"bar\"")]
    [InlineData("{{foo:ignore-empty-str}}", """{"foo":""}""", "\"{{foo:ignore-empty-str}}\"")]
    [InlineData("{{foo:ignore-empty-str|bar}}", """{"foo":""}""", "\"{{foo:ignore-empty-str|bar}}\"")]
    [InlineData("{{foo|bar:undefined}}", """{"foo":""}""", "\"\"")]
    [InlineData("{{foo:undefined|bar}}", "{}", "\"<undefined>\"")]
    [InlineData("{{foo.bar[0].baz}}", """{"foo":{"bar":[{"baz":"q"}]}}""", "\"{{foo.bar[0].baz}}\"")]
    [InlineData("{{o:json}}", """{"o":"{\"a\":[1,2]}"}""", """{"a":[1,2]}""")]
    [InlineData("{{o:json}}", """{"o":"not json"}""", "\"not json\"")]
    [InlineData("{{o:any}}", """{"o":{"a":1}}""", """{"a":1}""")]
    [InlineData("{{o}}", """{"o":{"a":1}}""", "\"{\\\"a\\\":1}\"")]
    [InlineData("{{o:null}}", "{}", "null")]
    [InlineData("{{o:undefined}}", "{}", "\"<undefined>\"")]
    [InlineData("{{o:undefined:null}}", "{}", "\"<undefined>\"")]
    [InlineData("{{o:undefined?:d}}", "{}", "\"d\"")]
    [InlineData("{{o}}", "{}", "\"{{o}}\"")]
    [InlineData("{{o:int}}", """{"o":null}""", "null")]
    // paths
    [InlineData("{{a.b.0.c}}", """{"a":{"b":[{"c":"deep"}]}}""", "\"deep\"")]
    [InlineData("{{a.b.1}}", """{"a":{"b":["x","y"]}}""", "\"y\"")]
    [InlineData("{{a.b.5}}", """{"a":{"b":["x"]}}""", "\"{{a.b.5}}\"")]
    [InlineData("{{foo-bar.some-thing}}", """{"foo-bar":{"some-thing":true}}""", "\"true\"")]
    [InlineData("{{missing.deeper}}", """{"other":1}""", "\"{{missing.deeper}}\"")]
    [InlineData("{{ foo | bar : int }}", """{"bar":"7"}""", "7")]
    // fallbacks and defaults
    [InlineData("{{a|b|c}}", """{"c":"third"}""", "\"third\"")]
    [InlineData("{{a|b}}", """{"a":"","b":"second"}""", "\"\"")]
    [InlineData("{{a?:x?:y}}", "{}", "\"x?:y\"")]
    [InlineData("{{a?:http://example.com}}", "{}", "\"http://example.com\"")]
    [InlineData("{{a:int?:5}}", "{}", "5")]
    [InlineData("{{a?:true:bool}}", "{}", "true")]
    [InlineData("{{a|b:ignore-empty-str?:fallback}}", """{"a":"","b":""}""", "\"fallback\"")]
    public void Whole_placeholder_resolves_with_truto_semantics(string template, string scope, string expected)
    {
        Assert.Equal(expected, Json(Render(template, scope)));
    }

    [Theory]
    [InlineData("Bearer {{token}}", """{"token":"abc"}""", "Bearer abc")]
    [InlineData("/users/{{id}}/posts", """{"id":12}""", "/users/12/posts")]
    [InlineData("x={{o}}", """{"o":{"a":[1]}}""", """x={"a":[1]}""")]
    [InlineData("a{{missing:undefined}}b", "{}", "ab")]
    [InlineData("a{{missing}}b", "{}", "a{{missing}}b")]
    [InlineData("a{{missing:null}}b", "{}", "anullb")]
    [InlineData("{{n:int}}!", """{"n":"3.5"}""", "3!")]
    [InlineData("{{b:bool}} {{b}}", """{"b":"true"}""", "true true")]
    [InlineData("{{}} and {{ }}", "{}", "{{}} and {{ }}")]
    [InlineData("foo {{foo:null}} bar", """{"foo":"null"}""", "foo null bar")]
    [InlineData("Enabled: {{f.e:bool}}", """{"f":{"e":"true"}}""", "Enabled: true")]
    [InlineData("foo {{  foo   :int}} bar", """{"foo":"1"}""", "foo 1 bar")]
    [InlineData("{{foo|bar:ignore-empty-str}} {{baz}}", """{"foo":"foo","baz":""}""", "foo ")]
    [InlineData("{{{{x}}", """{"x":"v"}""", "{{v")]
    [InlineData("no placeholders", "{}", "no placeholders")]
    [InlineData("{{unclosed", "{}", "{{unclosed")]
    public void Embedded_placeholders_are_stringified(string template, string scope, string expected)
    {
        var result = PlaceholderTemplate.Parse(template).ResolveString(new JsonObjectScope(JsonNode.Parse(scope)!.AsObject()));
        Assert.Equal(expected, result);
    }

    [Fact]
    public void Whole_undefined_placeholder_resolves_to_null_string()
    {
        var template = PlaceholderTemplate.Parse("{{gone:undefined}}");
        Assert.Null(template.ResolveString(JsonObjectScope.Empty));
        Assert.True(template.IsWholePlaceholder);
    }

    [Theory]
    [InlineData("{{foo:integer}}", "unknown placeholder type 'integer'")]
    [InlineData("{{foo|bar:strng}}", "unknown placeholder type 'strng'")]
    [InlineData("{{|foo}}", "empty path")]
    [InlineData("{{a..b}}", "invalid path 'a..b'")]
    public void Configuration_errors_are_reported(string template, string message)
    {
        var problems = PlaceholderTemplate.Check(template);
        Assert.Contains(problems, p => p.Message.Contains(message, StringComparison.Ordinal));
        Assert.Throws<PlaceholderSyntaxException>(() => PlaceholderTemplate.Parse(template));
    }

    [Fact]
    public void Problem_position_points_at_the_placeholder()
    {
        var problems = PlaceholderTemplate.Check("/a/{{ok}}/{{bad:wat}}");
        var problem = Assert.Single(problems);
        Assert.Equal(10, problem.Position);
    }

    [Fact]
    public void Parsed_placeholders_expose_parts_types_and_flags()
    {
        var template = PlaceholderTemplate.Parse("{{a.b:int|c:ignore-empty-str?:9}}");
        var placeholder = Assert.Single(template.Placeholders);
        Assert.Equal(["a", "b"], placeholder.Parts[0].Segments);
        Assert.Equal(PlaceholderType.Int, placeholder.Parts[0].Type);
        Assert.Equal(PlaceholderType.Str, placeholder.Parts[1].Type);
        Assert.Equal(PlaceholderFlags.IgnoreEmptyString, placeholder.Flags);
        Assert.Equal("9", placeholder.Default);
    }

    [Fact]
    public void Cast_numbers_read_back_as_any_numeric_type()
    {
        var scope = new JsonObjectScope(new JsonObject { ["n"] = "12" });
        var node = PlaceholderTemplate.Parse("{{n:int}}").Resolve(scope).ToNode()!;
        Assert.Equal(12, node.GetValue<int>());
        Assert.Equal(12L, node.GetValue<long>());
    }

    [Fact]
    public void Parse_is_cached()
    {
        Assert.Same(PlaceholderTemplate.Parse("{{cached.template}}"), PlaceholderTemplate.Parse("{{cached.template}}"));
    }

    [Fact]
    public void Composite_scope_prefers_named_roots_then_fallbacks_in_order()
    {
        var scope = new CompositeTemplateScope()
            .With("id", JsonValue.Create("42"))
            .With("query", new JsonObject { ["q"] = "search" })
            .WithFallback(new JsonObject { ["api_key"] = "k1", ["id"] = "context-id" })
            .WithFallback(new JsonObject { ["api_key"] = "k2", ["region"] = "eu" });

        Assert.Equal("42 search k1 eu {{nope}}", PlaceholderTemplate.Parse("{{id}} {{query.q}} {{api_key}} {{region}} {{nope}}").ResolveString(scope));
    }

    [Fact]
    public void Missing_scope_leaves_placeholder_text()
    {
        Assert.Equal("{{context.x}}", PlaceholderTemplate.Parse("{{context.x}}").ResolveString(new CompositeTemplateScope()));
    }

    [Fact]
    public void Whole_any_value_is_copied_not_shared_with_the_scope()
    {
        var context = new JsonObject { ["o"] = new JsonObject { ["a"] = 1 } };
        var node = PlaceholderTemplate.Parse("{{o:any}}").Resolve(new JsonObjectScope(context)).ToNode()!;
        node["a"] = 2;
        Assert.Equal(1, (int)context["o"]!["a"]!);
    }
}
