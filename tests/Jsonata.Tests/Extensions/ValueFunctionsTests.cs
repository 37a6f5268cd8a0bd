using Xunit;
using static Serverless.Jsonata.Tests.Extensions.Truto;

namespace Serverless.Jsonata.Tests.Extensions;

public sealed class ValueFunctionsTests
{
    private const string Mapping = """{"m": {"open": "OPEN", "closed": "CLOSED", "1": "one", "true": "yes", "Ünï": "u"}}""";

    [Theory]
    [InlineData("$mapValues('open', m)", "\"OPEN\"")]
    [InlineData("$mapValues('Open', m)", "undefined")]
    [InlineData("$mapValues('Open', m, true)", "\"OPEN\"")]
    [InlineData("$mapValues('other', m, false, 'UNKNOWN')", "\"UNKNOWN\"")]
    [InlineData("$mapValues(nothing, m, false, 'UNKNOWN')", "\"UNKNOWN\"")]
    [InlineData("$mapValues(nothing, m)", "undefined")]
    [InlineData("$mapValues(1, m)", "\"one\"")]
    [InlineData("$mapValues(true, m)", "\"yes\"")]
    [InlineData("$mapValues('Ünï', m)", "\"u\"")]
    [InlineData("$mapValues(['open', 'x', 'closed'], m)", "[\"OPEN\",\"CLOSED\"]")]
    [InlineData("$mapValues(['open', 'x'], m, false, '?')", "[\"OPEN\",\"?\"]")]
    public void MapValues_looks_values_up_in_the_mapping(string expression, string expected) =>
        Assert.Equal(expected, Eval(expression, Mapping));

    [Fact]
    public void MapValues_with_a_mapping_that_is_not_an_object_is_a_type_error() =>
        Assert.Equal("T0410", ErrorCode("$mapValues('a', 'b')"));

    [Theory]
    [InlineData("$firstNonEmpty(nothing, null, '', [], {}, 'x', 'y')", "\"x\"")]
    [InlineData("$firstNonEmpty(0, 'x')", "0")]
    [InlineData("$firstNonEmpty(false, 'x')", "false")]
    [InlineData("$firstNonEmpty(null, '')", "undefined")]
    [InlineData("$firstNonEmpty(nothing)", "undefined")]
    [InlineData("$firstNonEmpty('😀')", "\"😀\"")]
    public void FirstNonEmpty_skips_undefined_null_and_empty_values(string expression, string expected) =>
        Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("$removeEmpty({'a': null, 'b': '', 'c': [], 'd': {}, 'e': 0, 'f': false, 'g': 'x', 'h': {'i': null}})", "{\"e\":0,\"f\":false,\"g\":\"x\",\"h\":{\"i\":null}}")]
    [InlineData("$removeEmpty({})", "{}")]
    [InlineData("$removeEmpty(nothing)", "undefined")]
    [InlineData("$removeEmptyItems([null, '', [], {}, 0, 'a', [null]])", "[0,\"a\",[null]]")]
    [InlineData("$removeEmptyItems([])", "[]")]
    [InlineData("$removeEmptyItems(nothing)", "undefined")]
    public void RemoveEmpty_drops_only_empty_members_shallowly(string expression, string expected) =>
        Assert.Equal(expected, Eval(expression));

    [Fact]
    public void RemoveEmpty_of_a_string_is_a_type_error() =>
        Assert.Equal("T0410", ErrorCode("$removeEmpty('x')"));

    [Theory]
    [InlineData("""$jsonParse('{"a":[1,"é"]}')""", "{\"a\":[1,\"é\"]}")]
    [InlineData("$jsonParse('null')", "null")]
    [InlineData("$jsonParse(nothing)", "undefined")]
    public void JsonParse_parses_json_text(string expression, string expected) =>
        Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("$jsonParse('{')")]
    [InlineData("$jsonParse('')")]
    [InlineData("$jsonParse('nope')")]
    public void JsonParse_of_invalid_text_is_a_jsonata_error(string expression) =>
        Assert.Equal("D3210", ErrorCode(expression));

    [Theory]
    [InlineData("$toNumber('42')", "42")]
    [InlineData("$toNumber(' -1.5e2 ')", "-150")]
    [InlineData("$toNumber(7)", "7")]
    [InlineData("$toNumber(true)", "1")]
    [InlineData("$toNumber('abc')", "undefined")]
    [InlineData("$toNumber('')", "undefined")]
    [InlineData("$toNumber('Infinity')", "undefined")]
    [InlineData("$toNumber(null)", "undefined")]
    [InlineData("$toNumber({})", "undefined")]
    [InlineData("$toNumber(nothing)", "undefined")]
    public void ToNumber_converts_or_answers_undefined(string expression, string expected) =>
        Assert.Equal(expected, Eval(expression));
}
