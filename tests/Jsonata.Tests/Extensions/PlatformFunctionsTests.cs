using Serverless.Core.Jsonata;
using Serverless.Core.Jsonata.Extensions;
using Xunit;

namespace Serverless.Jsonata.Tests.Extensions;

public sealed class PlatformFunctionsTests
{
    private static readonly string[] ExtensionNames =
    [
        "mapValues", "firstNonEmpty", "removeEmpty", "removeEmptyItems", "jsonParse", "digest", "sign", "base64encode",
        "base64decode", "uuid", "dtFromIso", "dtFromFormat", "parseUrl", "parseQuery", "stringifyQuery", "toNumber",
        "groupBy", "keyBy", "pick", "omit", "compact", "orderBy", "find", "values", "flatten", "chunk", "uniq", "difference",
    ];

    [Fact]
    public void The_platform_function_set_has_every_extension_and_the_builtins()
    {
        var options = JsonataPlatformFunctions.Shared.Options;
        foreach (var name in ExtensionNames)
        {
            Assert.Equal("\"function\"", JsonataExpression.Compile($"$type(${name})").EvaluateJson("{}", null, options).ToJsonString());
        }
        Assert.Equal("6", JsonataExpression.Compile("$sum([1,2,3])").EvaluateJson("{}", null, options).ToJsonString());
    }

    [Fact]
    public void The_default_registry_stays_standard()
    {
        Assert.True(JsonataExpression.Compile("$type($groupBy)").EvaluateJson("{}").IsUndefined);
        // The built-in base64encode keeps the reference's Latin-1 behaviour; the platform's is UTF-8.
        Assert.Equal("\"6Q==\"", JsonataExpression.Compile("$base64encode('é')").EvaluateJson("{}").ToJsonString());
    }

    [Fact]
    public void The_platform_registry_is_frozen()
    {
        Assert.Throws<InvalidOperationException>(() =>
            JsonataPlatformFunctions.Shared.Registry.Register("late", "<:s>", (_, _) => "x"));
    }

    [Fact]
    public void Register_adds_the_extensions_to_a_registry_that_can_take_more_functions()
    {
        var registry = TrutoJsonataFunctions.Register(new JsonataFunctionRegistry())
            .Register("shout", "<s:s>", (_, a) => ((string)a[0]!).ToUpperInvariant())
            .Freeze();
        var result = JsonataExpression.Compile("$shout($firstNonEmpty('', 'ok'))")
            .EvaluateJson("{}", null, new JsonataEvaluationOptions { Functions = registry });
        Assert.Equal("\"OK\"", result.ToJsonString());
    }

    /// <summary>Every extension called with random argument lists from awkward values ends in a result or a JSONata error.</summary>
    [Fact]
    public void Extensions_called_with_random_arguments_end_in_a_result_or_a_jsonata_error()
    {
        string[] values =
        [
            "nothing", "null", "0", "-1", "1.5", "1e300", "''", "'é😀'", "'a=1&b=%ZZ'", "'2024-01-31'", "'SHA-1'", "'hex'",
            "'https://x.y/p?q=1'", "'yyyy'", "'{\"a\":1}'", "[]", "[1,[2,[3]],'a',null]", "[{'a':1},{'a':2}]", "{}",
            "{'a':null,'b':{'c':[1]}}", "true", "function($v){$v}", "function($v,$i,$a){$i}", "$string",
        ];
        var random = new Random(20261122);
        var options = JsonataPlatformFunctions.Shared.Options with { TimeLimit = TimeSpan.FromMilliseconds(250) };
        var failures = new List<string>();
        var results = 0;
        for (var i = 0; i < 4000; i++)
        {
            var name = ExtensionNames[i % ExtensionNames.Length];
            var args = Enumerable.Range(0, random.Next(0, 5)).Select(_ => values[random.Next(values.Length)]);
            var source = $"${name}({string.Join(", ", args)})";
            try
            {
                _ = JsonataExpression.Compile(source).EvaluateValue(null, null, options).ToJsonString();
                results++;
            }
            catch (JsonataException e) when (e.Code != "D1000")
            {
            }
            catch (Exception e)
            {
                failures.Add($"{source} => {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.True(results > 400, $"only {results} calls produced a result; the arguments never pass the signatures");
    }
}
