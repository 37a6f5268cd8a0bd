using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Jsonata;
using Serverless.Core.Jsonata.Values;
using Xunit;

namespace Serverless.Jsonata.Tests;

public sealed class JsonataExpressionTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public void Missing_path_is_undefined_while_json_null_is_a_value()
    {
        var input = Json("""{"a": null}""");

        var missing = JsonataExpression.Compile("b").Evaluate(input);
        var nullValue = JsonataExpression.Compile("a").Evaluate(input);

        Assert.True(missing.IsUndefined);
        Assert.Null(missing.ToJsonString());
        Assert.False(nullValue.IsUndefined);
        Assert.Equal("null", nullValue.ToJsonString());
    }

    [Fact]
    public void Navigates_json_element_input_and_flattens_sequences()
    {
        var input = Json("""{"orders":[{"items":[{"p":2},{"p":3}]},{"items":[{"p":5}]}]}""");

        var result = JsonataExpression.Compile("$sum(orders.items.p)").Evaluate(input);

        Assert.Equal("10", result.ToJsonString());
    }

    [Fact]
    public void Evaluates_json_node_input_and_converts_result_to_json_node()
    {
        var input = JsonNode.Parse("""{"user":{"first":"Ada","last":"Lovelace"}}""");

        var result = JsonataExpression.Compile("{ 'name': user.first & ' ' & user.last }").Evaluate(input);

        Assert.Equal("Ada Lovelace", result.ToJsonNode()!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Writes_result_to_utf8_json_writer()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonataExpression.Compile("[1.5, 'x', true, null, {'k': 1e21}]").EvaluateJson("{}").WriteTo(writer);
        }

        Assert.Equal("""[1.5,"x",true,null,{"k":1e+21}]""", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Bindings_supply_variables_and_csharp_functions()
    {
        var bindings = new Dictionary<string, object?>
        {
            ["factor"] = 3,
            ["label"] = JsonNode.Parse("\"total\""),
            ["twice"] = JsonataExpression.CreateFunction("<n:n>", (_, args) => (double)args[0]! * 2),
        };

        var result = JsonataExpression.Compile("{ $label: $twice(value * $factor) }").EvaluateJson("""{"value": 7}""", bindings);

        Assert.Equal("""{"total":42}""", result.ToJsonString());
    }

    [Fact]
    public void Registered_functions_are_callable_and_their_signatures_are_enforced()
    {
        var registry = new JsonataFunctionRegistry()
            .Register("greet", "<s:s>", (_, args) => "hello " + (string)args[0]!)
            .Freeze();
        var options = new JsonataEvaluationOptions { Functions = registry };

        var ok = JsonataExpression.Compile("$greet(name)").EvaluateJson("""{"name":"bob"}""", null, options);
        var error = Assert.Throws<JsonataException>(() => JsonataExpression.Compile("$greet(42)").EvaluateJson("{}", null, options));

        Assert.Equal("\"hello bob\"", ok.ToJsonString());
        Assert.Equal("T0410", error.Code);
        Assert.Throws<InvalidOperationException>(() => registry.Register("late", null, (_, _) => null));
    }

    [Fact]
    public void Registered_higher_order_function_can_call_back_into_a_lambda()
    {
        var registry = new JsonataFunctionRegistry()
            .Register("applyTwice", "<fx:x>", (ctx, args) => ctx.Invoke((JsonataFunction)args[0]!, ctx.Invoke((JsonataFunction)args[0]!, args[1])))
            .Freeze();

        var result = JsonataExpression.Compile("$applyTwice(function($v){ $v + 1 }, 5)")
            .EvaluateJson("{}", null, new JsonataEvaluationOptions { Functions = registry });

        Assert.Equal("7", result.ToJsonString());
    }

    [Fact]
    public void Infinite_tail_recursion_stops_at_the_time_limit()
    {
        var expr = JsonataExpression.Compile("($loop := function($x){ $loop($x + 1) }; $loop(0))");
        var options = new JsonataEvaluationOptions { TimeLimit = TimeSpan.FromMilliseconds(100) };
        var watch = Stopwatch.StartNew();

        var error = Assert.Throws<JsonataException>(() => expr.EvaluateJson("{}", null, options));

        Assert.Equal("U1001", error.Code);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Deep_non_tail_recursion_stops_at_the_depth_limit()
    {
        var expr = JsonataExpression.Compile("($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))");

        var error = Assert.Throws<JsonataException>(() => expr.EvaluateJson("{}"));

        Assert.Equal("U1001", error.Code);
    }

    [Fact]
    public void A_huge_depth_limit_still_cannot_overflow_the_stack()
    {
        var expr = JsonataExpression.Compile("($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(10000000))");
        var options = new JsonataEvaluationOptions { MaxDepth = int.MaxValue, TimeLimit = TimeSpan.FromSeconds(30) };

        var error = Assert.Throws<JsonataException>(() => expr.EvaluateJson("{}", null, options));

        Assert.Equal("U1001", error.Code);
    }

    [Fact]
    public void Recursion_within_the_depth_limit_succeeds()
    {
        var result = JsonataExpression.Compile("($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(50))").EvaluateJson("{}");

        Assert.Equal("50", result.ToJsonString());
    }

    [Fact]
    public void Compile_errors_carry_code_position_and_token()
    {
        var error = Assert.Throws<JsonataException>(() => JsonataExpression.Compile("Account.Order[0"));
        var unknown = Assert.Throws<JsonataException>(() => JsonataExpression.Compile("a ! b"));

        Assert.Equal("S0203", error.Code);
        Assert.Equal(15, error.Position);
        Assert.Equal("S0204", unknown.Code);
        Assert.Equal("!", unknown.Token);
    }

    [Fact]
    public void Syntax_checker_reports_errors_and_accepts_valid_expressions()
    {
        var checker = new JsonataSyntaxChecker();

        Assert.Null(checker.Check("$sum(a.b)"));
        var error = checker.Check("$sum(a.b");
        Assert.NotNull(error);
        Assert.Equal("S0203", error.Code);
    }

    [Fact]
    public void Expression_cache_compiles_each_source_once()
    {
        var cache = new JsonataExpressionCache();

        var first = cache.GetOrCompile("a.b");
        var second = cache.GetOrCompile("a.b");

        Assert.Same(first, second);
        Assert.Equal(1, cache.Count);
        Assert.Throws<JsonataException>(() => cache.GetOrCompile("a.("));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void One_compiled_expression_evaluates_concurrently_without_interference()
    {
        var expr = JsonataExpression.Compile("($total := $sum(items.(price * qty)); { 'id': id, 'total': $total, 'names': items.name[] })");
        var failures = 0;

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var json = $$"""{"id":{{i}},"items":[{"name":"a{{i}}","price":{{i}},"qty":2}]}""";
            var result = expr.EvaluateJson(json).ToJsonString();
            if (result != $$"""{"id":{{i}},"total":{{i * 2}},"names":["a{{i}}"]}""")
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }

    [Fact]
    public void Invalid_json_input_is_a_jsonata_error_not_a_parser_exception()
    {
        var error = Assert.Throws<JsonataException>(() => JsonataExpression.Compile("a").EvaluateJson("""{"a": [1, 2}"""));

        Assert.Equal("D0001", error.Code);
    }

    [Fact]
    public void Lazily_parsed_input_shared_between_threads_reads_consistently()
    {
        var members = string.Join(",", Enumerable.Range(0, 40).Select(i => $$"""
            "k{{i}}":{"v":{{i}},"s":"x{{i}}"}
            """));
        var shared = JsonValueReader.ParseLazy(Encoding.UTF8.GetBytes("{" + members + "}"));
        var expr = JsonataExpression.Compile("$sum($each($, function($o){ $o.v }))");
        var results = new System.Collections.Concurrent.ConcurrentBag<string?>();

        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ => results.Add(expr.EvaluateValue(shared).ToJsonString()));

        Assert.All(results, r => Assert.Equal("780", r));
    }

    [Fact]
    public void Result_of_evaluate_json_does_not_depend_on_the_input_buffer_afterwards()
    {
        var buffer = Encoding.UTF8.GetBytes("""{"user":{"name":"ada","tags":["x"]}}""");

        var result = JsonataExpression.Compile("user").EvaluateJson(buffer);
        Array.Fill(buffer, (byte)' ');

        Assert.Equal("""{"name":"ada","tags":["x"]}""", result.ToJsonString());
    }

    [Fact]
    public void Numbers_format_like_javascript()
    {
        var result = JsonataExpression.Compile("[$string(0.1 + 0.2), $string(1e21), $string(1/3), 1e-7, 100]").EvaluateJson("{}");

        Assert.Equal("""["0.3","1e+21","0.333333333333333",1e-7,100]""", result.ToJsonString());
    }

    [Fact]
    public void Benchmark_expression_c_mapping_works_with_the_platform_functions()
    {
        var result = JsonataExpression.Compile("$mapValues(integration.name, { 'calcom': '51b79ace' })")
            .EvaluateJson("""{"integration":{"name":"calcom"}}""", null, JsonataPlatformFunctions.Shared.Options);

        Assert.Equal("\"51b79ace\"", result.ToJsonString());
    }
}
