using System.Buffers;
using System.Text;
using System.Text.Json;
using Serverless.Core.Jsonata;
using Serverless.Core.Jsonata.Values;
using Xunit;

namespace Serverless.Jsonata.Tests;

/// <summary>
/// <c>EvaluateJson</c> reads members straight from the input text (lazy objects, one reusable view per
/// array of objects, strings decoded into the buffer that assembles a concatenation). These pin that
/// it gives exactly what evaluating fully built input gives, and what it saves.
/// </summary>
public sealed class InputTextEvaluationTests
{
    private const string Users = """
        {"data":{"users":[
          {"id":1,"first":"Ada","last":"Lovelace","email":"Ada@Example.COM","tags":["a","b"],"boss":{"id":9}},
          {"id":2,"first":"Alan","last":"Tur\u0069ng","email":"ALAN@example.com","tags":[]},
          [{"id":3,"first":"Nested","last":"Array"}],
          4, null, "text",
          {"id":5,"first":"Dup","first":"Last wins","last":7,"email":null},
          {"id":6,"big":"{{PADDING}}","first":"Big","last":"Object","email":"BIG@X"},
          {"id":7,"fir\u0073t":"Escaped key","last":"E"},
          {"id":8,"café":"non-ASCII key","first":"Zoë","last":"Ünïcode"},
          {"id":9,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"first":"Many","last":"Members"},
          {"id":10,"first":"After","last":"Many"}
        ],"other":[{"id":100}]}}
        """;

    private static readonly string Input = Users.Replace("{{PADDING}}", new string('p', 400), StringComparison.Ordinal);

    public static TheoryData<string> Expressions() =>
    [
        "data.users.{'id': id, 'name': first & ' ' & last, 'email': $lowercase(email)}",
        "data.users.id",
        "data.users.$",
        "data.users.{'u': $}",
        "[data.users.{'u': $}].u.id",
        "$map(data.users.(function(){ $ }), function($f){ $f().id })",
        "data.users.(first & '/' & last & '/' & tags & '/' & boss & '/' & id)",
        "data.users.$uppercase(first & last)",
        "data.users.$lowercase(email)",
        "data.users[id > 1].first",
        "data.users#$i.{'i': $i, 'id': id}",
        "data.users@$u.{'id': $u.id}",
        "data.users.boss.%.first",
        "data.users^(>id).id",
        "data.users{first: id}",
        "data.users.tags",
        "data.users.tags[]",
        "data.*.id",
        "data.users.($x := $; $x.first)",
        "data.users.[first, last]",
        "data.other.id & data.users.id",
        "$count(data.users)",
        "data.users.{'keys': $keys($)}",
        "data.users.{'keys': $keys($), 'first': first, 'k9': k9}",
        "data.users.café",
        "data.users.{'c': café & first, 'n': $count($keys($))}",
        "data.users.(k1 + k9 & first)",
    ];

    [Theory]
    [MemberData(nameof(Expressions))]
    public void Evaluating_input_text_matches_evaluating_built_input(string expression)
    {
        var compiled = JsonataExpression.Compile(expression);
        using var document = JsonDocument.Parse(Input);

        var fromText = Outcome(() => compiled.EvaluateJson(Input).ToJsonString());
        var fromBuilt = Outcome(() => compiled.Evaluate(document.RootElement).ToJsonString());

        Assert.Equal(fromBuilt, fromText);
    }

    [Fact]
    public void Items_kept_by_the_result_stay_distinct_objects()
    {
        var result = JsonataExpression.Compile("[data.users.$][[0, 1, 7, 8]].first").EvaluateJson(Input).ToJsonString();

        Assert.Equal("""["Ada","Alan","Big","Escaped key"]""", result);
    }

    [Fact]
    public void Items_a_result_keeps_can_be_read_from_many_threads()
    {
        var records = string.Join(",", Enumerable.Range(0, 50).Select(i => $$"""{"id":{{i}},"first":"F{{i}}","last":"L{{i}}","tags":["t{{i}}"]}"""));
        var input = JsonValueReader.ParseLazy(Encoding.UTF8.GetBytes("""{"data":{"users":[""" + records + "]}}"));
        var kept = (JsonataArray)JsonataExpression.Compile("data.users.$").EvaluateValue(input).Value!;
        // A view's member offsets are one evaluation's scratch space: kept items must not be views.
        Assert.All(kept, item => Assert.False(((JsonataObject)item!).IsView));
        var lookups = JsonataExpression.Compile("first & '/' & last & '/' & tags[0] & '/' & id");

        var answers = new System.Collections.Concurrent.ConcurrentBag<(int Index, string? Text)>();
        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, n =>
        {
            var i = n % kept.Count;
            answers.Add((i, lookups.EvaluateValue(kept[i]).ToJsonString()));
        });

        Assert.All(answers, a => Assert.Equal($"\"F{a.Index}/L{a.Index}/t{a.Index}/{a.Index}\"", a.Text));
    }

    [Fact]
    public void Concatenation_decodes_escapes_and_takes_the_last_duplicate_member()
    {
        var result = JsonataExpression.Compile("a & '|' & b & '|' & n & '|' & o & '|' & missing & '|'")
            .EvaluateJson("""{"a":"x\u0041\n\"q\"","b":"first","b":"last","n":1.5,"o":{"k":[1]}}""");

        Assert.Equal("\"xA\\n\\\"q\\\"|last|1.5|{\\\"k\\\":[1]}||\"", result.ToJsonString());
    }

    [Fact]
    public void Text_functions_still_check_their_argument_type()
    {
        var error = Assert.Throws<JsonataException>(() => JsonataExpression.Compile("$lowercase(n)").EvaluateJson("""{"n":5}"""));

        Assert.Equal("T0410", error.Code);
        Assert.True(JsonataExpression.Compile("$lowercase(missing)").EvaluateJson("{}").IsUndefined);
        Assert.Equal("\"ÉCOLE ÉTÉ\"", JsonataExpression.Compile("$uppercase(a & ' ' & b)").EvaluateJson("""{"a":"école","b":"été"}""").ToJsonString());
    }

    [Fact]
    public void A_long_concatenation_grows_past_its_stack_buffer()
    {
        var piece = new string('x', 300);
        var result = JsonataExpression.Compile("a & a & '-' & a").EvaluateJson($$"""{"a":"{{piece}}"}""").ToJsonString();

        Assert.Equal($"\"{piece}{piece}-{piece}\"", result);
    }

    [Fact]
    public void Mapping_records_allocates_a_few_times_the_input_size()
    {
        // The benchmark's expression d over 100 records (about 7.4 KB), JSON text in and out.
        var records = string.Join(",", Enumerable.Range(0, 100).Select(i =>
            $$"""{"id":{{i + 1}},"first":"First{{i}}","last":"Last{{i}}","email":"User.{{i}}@Example.COM"}"""));
        var input = Encoding.UTF8.GetBytes("""{"data":{"users":[""" + records + "]}}");
        var expression = JsonataExpression.Compile("data.users.{ 'id': id, 'name': first & ' ' & last, 'email': $lowercase(email) }");
        var output = new ArrayBufferWriter<byte>(16 * 1024);
        using var writer = new Utf8JsonWriter(output);
        long Run()
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var result = expression.EvaluateJson(input);
            output.ResetWrittenCount();
            writer.Reset(output);
            result.WriteTo(writer);
            writer.Flush();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        for (var i = 0; i < 50; i++)
        {
            Run();
        }

        var allocated = Enumerable.Range(0, 5).Min(_ => Run());

        Assert.Contains("\"name\":\"First99 Last99\",\"email\":\"user.99@example.com\"", Encoding.UTF8.GetString(output.WrittenSpan), StringComparison.Ordinal);
        Assert.True(allocated <= 4 * input.Length, $"allocated {allocated} bytes for {input.Length} bytes of input");
    }

    private static string Outcome(Func<string?> evaluate)
    {
        try
        {
            return evaluate() ?? "undefined";
        }
        catch (JsonataException e)
        {
            return "error " + e.Code;
        }
    }
}
