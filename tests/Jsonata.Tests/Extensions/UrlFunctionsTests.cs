using Xunit;
using static Serverless.Jsonata.Tests.Extensions.Truto;

namespace Serverless.Jsonata.Tests.Extensions;

public sealed class UrlFunctionsTests
{
    [Fact]
    public void ParseUrl_answers_the_url_parts_and_the_parsed_query() =>
        Assert.Equal(
            """{"href":"https://u:p@api.example.com:8443/v1/items?page=2&tag=a&tag=b#top","protocol":"https:","username":"u","password":"p","host":"api.example.com:8443","hostname":"api.example.com","port":"8443","origin":"https://api.example.com:8443","pathname":"/v1/items","search":"?page=2&tag=a&tag=b","hash":"#top","query":{"page":"2","tag":["a","b"]}}""",
            Eval("$parseUrl('https://u:p@api.example.com:8443/v1/items?page=2&tag=a&tag=b#top')"));

    [Theory]
    [InlineData("$parseUrl('https://example.com').port", "\"\"")]
    [InlineData("$parseUrl('https://example.com').pathname", "\"/\"")]
    [InlineData("$parseUrl('https://example.com').query", "{}")]
    [InlineData("$parseUrl('/relative/path')", "undefined")]
    [InlineData("$parseUrl('not a url')", "undefined")]
    [InlineData("$parseUrl(nothing)", "undefined")]
    public void ParseUrl_edge_cases(string expression, string expected) =>
        Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("$parseQuery('?a=1&b=two+words&a=3&c')", """{"a":["1","3"],"b":"two words","c":""}""")]
    [InlineData("$parseQuery('name=%C3%A9t%C3%A9%20%F0%9F%98%80')", """{"name":"été 😀"}""")]
    [InlineData("$parseQuery('bad=%E0%A4%A')", """{"bad":"%E0%A4%A"}""")]
    [InlineData("$parseQuery('')", "{}")]
    [InlineData("$parseQuery('&&')", "{}")]
    [InlineData("$parseQuery(nothing)", "undefined")]
    public void ParseQuery_decodes_and_collects_repeated_keys(string expression, string expected) =>
        Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("$stringifyQuery({'a': 1, 'b': 'two words', 'c': [1, 2], 'd': null, 'e': true})", "\"a=1&b=two%20words&c=1&c=2&d=&e=true\"")]
    [InlineData("$stringifyQuery({'f': {'x': 1, 'y': 'é'}})", "\"f%5Bx%5D=1&f%5By%5D=%C3%A9\"")]
    [InlineData("$stringifyQuery({'a': nothing})", "\"\"")]
    [InlineData("$stringifyQuery({})", "\"\"")]
    [InlineData("$stringifyQuery($parseQuery('a=1&a=2&b=x'))", "\"a=1&a=2&b=x\"")]
    public void StringifyQuery_encodes_components(string expression, string expected) =>
        Assert.Equal(expected, Eval(expression));

    [Fact]
    public void StringifyQuery_of_a_string_is_a_type_error() =>
        Assert.Equal("T0410", ErrorCode("$stringifyQuery('a=1')"));
}
