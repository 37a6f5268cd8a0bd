using System.Text.Json.Nodes;
using Serverless.Core.SyncJobs;
using Serverless.Core.SyncJobs.Running;
using Xunit;

namespace Serverless.Core.Tests.SyncJobs;

public sealed class ArgsSchemaTests
{
    private static JsonObject Schema(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void Truto_property_level_required_and_standard_required_lists_both_require()
    {
        var schema = Schema("""{ "type": "object", "properties": { "a": { "type": "string", "required": true }, "b": { "type": "integer" } }, "required": ["b"] }""");
        var (_, errors) = ArgsSchema.Validate(schema, [], "$.args");
        Assert.Equal(["$.args.a: required", "$.args.b: required"], errors.Select(e => e.ToString()).Order());
    }

    [Fact]
    public void Defaults_fill_missing_properties_and_given_values_are_checked()
    {
        var schema = Schema("""
            { "type": "object", "additionalProperties": false, "properties": {
              "size": { "type": "integer", "minimum": 1, "maximum": 500, "default": 100 },
              "since": { "type": "string", "format": "date-time" },
              "ids": { "type": "array", "items": { "type": "integer" }, "maxItems": 2 },
              "mode": { "enum": ["full", "delta"] } } }
            """);
        var (args, errors) = ArgsSchema.Validate(schema, new JsonObject { ["since"] = "yesterday", ["ids"] = new JsonArray(1, "x", 3), ["mode"] = "all", ["extra"] = 1 }, "$.args");
        Assert.Equal(100, args["size"]!.GetValue<int>());
        Assert.Equal(
            ["$.args.extra: unknown argument (expected one of size, since, ids, mode)", "$.args.ids: must have at most 2 items", "$.args.ids[1]: expected integer, got string",
             "$.args.mode: must be one of \"full\", \"delta\"", "$.args.since: is not a valid date-time"],
            errors.Select(e => e.ToString()).Order(StringComparer.Ordinal));
        Assert.Empty(ArgsSchema.Validate(schema, new JsonObject { ["size"] = 5, ["since"] = "2024-05-01T10:00:00Z", ["ids"] = new JsonArray(1, 2), ["mode"] = "delta" }, "$.args").Errors);
        Assert.Single(ArgsSchema.Validate(schema, new JsonObject { ["size"] = 2.5 }, "$.args").Errors);
    }

    [Fact]
    public void Schemas_outside_the_subset_are_refused_with_paths()
    {
        var problems = ArgsSchema.Check(Schema("""{ "type": "array", "properties": { "a": { "oneOf": [], "pattern": "(" , "format": "ipv4", "minLength": -1 } } }"""), "$.args_schema");
        Assert.Equal(
            ["$.args_schema.properties.a.format", "$.args_schema.properties.a.minLength", "$.args_schema.properties.a.oneOf", "$.args_schema.properties.a.pattern", "$.args_schema.type"],
            problems.Select(p => p.Path).Order(StringComparer.Ordinal));
        Assert.Empty(ArgsSchema.Check(Schema("""{ "type": "object", "description": "d", "properties": { "x": { "type": ["string", "null"], "examples": ["a"] } } }"""), "$"));
    }

    [Fact]
    public void Event_ids_are_stable_per_page_and_status_and_distinct_otherwise()
    {
        var run = Guid.NewGuid();
        Assert.Equal(SyncEventIds.Record(run, 1, 7), SyncEventIds.Record(run, 1, 7));
        Assert.Equal(8, SyncEventIds.Record(run, 1, 7).Version);
        Assert.Equal(4, new[] { SyncEventIds.Record(run, 1, 7), SyncEventIds.Record(run, 2, 7), SyncEventIds.Record(run, 1, 8), SyncEventIds.Status(run, 7) }.Distinct().Count());
        Assert.NotEqual(SyncEventIds.Status(run, 0), SyncEventIds.Status(Guid.NewGuid(), 0));
    }

    [Theory]
    [InlineData("user_ids", "args.user_ids")]
    [InlineData("{{args.user_ids}}", "args.user_ids")]
    [InlineData("$distinct(args.ids)", "$distinct(args.ids)")]
    [InlineData("resources.tickets.tags", "resources.tickets.tags")]
    public void Loop_on_forms_read_as_jsonata(string loopOn, string expression)
    {
        Assert.Equal(expression, SyncJobScope.LoopExpression(loopOn));
        Assert.Equal(expression.StartsWith('$') ? null : expression.Split('.'), SyncJobScope.LoopPath(loopOn));
    }
}
