using Xunit;
using static Serverless.Jsonata.Tests.Extensions.Truto;

namespace Serverless.Jsonata.Tests.Extensions;

public sealed class CollectionFunctionsTests
{
    private const string People = """
        {"people": [
          {"name": "Ann", "team": {"id": "a"}, "age": 40},
          {"name": "Bob", "team": {"id": "b"}, "age": 25},
          {"name": "Cé", "team": {"id": "a"}, "age": 25},
          {"name": "Dan", "age": null}
        ]}
        """;

    [Theory]
    [InlineData("$groupBy(people, 'team.id').a.name", "[\"Ann\",\"Cé\"]")]
    [InlineData("$keys($groupBy(people, 'team.id'))", "[\"a\",\"b\",\"undefined\"]")]
    [InlineData("$lookup($groupBy(people, function($p) { $p.name = 'Ann' }), 'true').name", "\"Ann\"")]
    [InlineData("$keyBy(people, 'name').Bob.age", "25")]
    [InlineData("$keyBy(people, 'team.id').a.name", "\"Cé\"")]
    [InlineData("$groupBy([], 'x')", "{}")]
    public void GroupBy_and_keyBy_index_by_field_path_or_function(string expression, string expected) =>
        Assert.Equal(expected, Eval(expression, People));

    [Theory]
    [InlineData("$pick({'a': 1, 'b': 2, 'c': 3}, ['a', 'c', 'z'])", "{\"a\":1,\"c\":3}")]
    [InlineData("$pick({'a': 1, 'b': 2}, 'b')", "{\"b\":2}")]
    [InlineData("$omit({'a': 1, 'b': 2, 'c': 3}, ['a', 'c'])", "{\"b\":2}")]
    [InlineData("$omit({'a': 1}, [])", "{\"a\":1}")]
    [InlineData("$pick(nothing, 'a')", "undefined")]
    [InlineData("$values({'a': 1, 'b': [2], 'c': null})", "[1,[2],null]")]
    [InlineData("$values({})", "[]")]
    public void Pick_omit_and_values_work_on_object_members(string expression, string expected) =>
        Assert.Equal(expected, Eval(expression));

    [Fact]
    public void Pick_with_non_string_keys_is_a_jsonata_error() =>
        Assert.Equal("D3230", ErrorCode("$pick({'a': 1}, [1])"));

    [Theory]
    [InlineData("$compact([0, 1, false, 2, '', 3, null, 'a', [], {}])", "[1,2,3,\"a\",[],{}]")]
    [InlineData("$compact([])", "[]")]
    [InlineData("$flatten([1, [2, [3, [4]]], 5])", "[1,2,[3,[4]],5]")]
    [InlineData("$flatten([1, [2, [3, [4]]]], 2)", "[1,2,3,[4]]")]
    [InlineData("$flatten([1, [2, [3, [4]]]], 1/0 = 1/0 ? 99 : 0)", "[1,2,3,4]")]
    [InlineData("$chunk([1, 2, 3, 4, 5], 2)", "[[1,2],[3,4],[5]]")]
    [InlineData("$chunk([1, 2], 5)", "[[1,2]]")]
    [InlineData("$chunk([1, 2], 0)", "[]")]
    [InlineData("$chunk([], 3)", "[]")]
    [InlineData("$uniq([1, '1', 1, {'a': [1]}, {'a': [1]}, 'é', 'é'])", "[1,\"1\",{\"a\":[1]},\"é\"]")]
    [InlineData("$difference([1, 2, 3, {'a': 1}], [2], [{'a': 1}])", "[1,3]")]
    [InlineData("$difference([1, 2], [])", "[1,2]")]
    public void Array_helpers_follow_lodash(string expression, string expected) =>
        Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("$orderBy(people, 'age').name", "[\"Bob\",\"Cé\",\"Ann\",\"Dan\"]")]
    [InlineData("$orderBy(people, 'age', 'desc').name", "[\"Ann\",\"Bob\",\"Cé\",\"Dan\"]")]
    [InlineData("$orderBy(people, ['age', 'name'], ['asc', 'desc']).name", "[\"Cé\",\"Bob\",\"Ann\",\"Dan\"]")]
    [InlineData("$orderBy(people, function($p) { $length($p.name) }).name", "[\"Cé\",\"Ann\",\"Bob\",\"Dan\"]")]
    [InlineData("$orderBy([3, 1, 'b', 'a', 2])", "[1,2,3,\"a\",\"b\"]")]
    public void OrderBy_sorts_stably_by_keys_with_missing_values_last(string expression, string expected) =>
        Assert.Equal(expected, Eval(expression, People));

    [Fact]
    public void OrderBy_with_an_unknown_order_is_a_jsonata_error() =>
        Assert.Equal("D3231", ErrorCode("$orderBy([1], 'x', 'up')"));

    [Theory]
    [InlineData("$find(people, function($p) { $p.age < 30 }).name", "\"Bob\"")]
    [InlineData("$find(people, {'age': 25, 'team': {'id': 'a'}}).name", "\"Cé\"")]
    [InlineData("$find(people, {'age': 99})", "undefined")]
    [InlineData("$find([], function($x) { true })", "undefined")]
    public void Find_answers_the_first_match(string expression, string expected) =>
        Assert.Equal(expected, Eval(expression, People));

    [Theory]
    [InlineData("$groupBy([1], 5)")]
    [InlineData("$chunk([1], 'two')")]
    [InlineData("$find([1], 'x')")]
    [InlineData("$difference([1])")]
    public void Wrong_argument_types_are_signature_errors(string expression) =>
        Assert.StartsWith("T04", ErrorCode(expression));
}
