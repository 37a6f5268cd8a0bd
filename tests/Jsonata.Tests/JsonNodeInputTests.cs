using System.Text.Json.Nodes;
using Serverless.Core.Jsonata;
using Xunit;

namespace Serverless.Jsonata.Tests;

/// <summary>JsonNode input whose values were created in code rather than parsed (the proxy builds its inputs this way).</summary>
public sealed class JsonNodeInputTests
{
    private static string Eval(string expression, JsonNode? input) =>
        JsonataExpression.Compile(expression).Evaluate(input).ToJsonString() ?? "undefined";

    [Fact]
    public void Values_created_in_code_evaluate_like_parsed_ones()
    {
        var input = new JsonObject
        {
            ["int"] = JsonValue.Create(5),
            ["long"] = JsonValue.Create(5_000_000_000L),
            ["decimal"] = JsonValue.Create(1.25m),
            ["float"] = JsonValue.Create(0.5f),
            ["double"] = JsonValue.Create(2.5),
            ["byte"] = JsonValue.Create((byte)7),
            ["text"] = JsonValue.Create("héllo 😀"),
            ["char"] = JsonValue.Create('c'),
            ["guid"] = JsonValue.Create(Guid.Empty),
            ["date"] = JsonValue.Create(new DateTimeOffset(2024, 1, 31, 9, 5, 0, TimeSpan.Zero)),
            ["flag"] = JsonValue.Create(true),
            ["off"] = false,
            ["nothing"] = null,
            ["list"] = new JsonArray(1, "two", null, new JsonObject { ["x"] = 3 }),
        };

        Assert.Equal(
            """{"int":5,"long":5000000000,"decimal":1.25,"float":0.5,"double":2.5,"byte":7,"text":"héllo 😀","char":"c","guid":"00000000-0000-0000-0000-000000000000","date":"2024-01-31T09:05:00+00:00","flag":true,"off":false,"nothing":null,"list":[1,"two",null,{"x":3}]}""",
            Eval("$", input));
        Assert.Equal("5000000016.25", Eval("int + long + decimal + float + double + byte", input));
        Assert.Equal("\"string\"", Eval("$type(char)", input));
        Assert.Equal("3", Eval("list[3].x", input));
    }

    [Fact]
    public void Mixed_parsed_and_created_nodes_evaluate()
    {
        var input = JsonNode.Parse("""{"parsed": {"n": 1}}""")!.AsObject();
        input["created"] = 2;
        input["parsed"]!["m"] = JsonValue.Create(3L);
        Assert.Equal("6", Eval("parsed.n + parsed.m + created", input));
    }

    [Fact]
    public void A_scalar_node_created_in_code_is_a_valid_input()
    {
        Assert.Equal("42", Eval("$ * 2", JsonValue.Create(21)));
        Assert.Equal("null", Eval("$", null));
    }
}
