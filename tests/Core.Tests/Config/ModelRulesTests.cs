using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Serverless.Core.Config;
using Serverless.Core.Config.Schema;
using Xunit;

namespace Serverless.Core.Tests.Config;

/// <summary>Schema rules derived from a model's serialization contract: the keys, aliases, enum values and variants are the model's.</summary>
public sealed class ModelRulesTests
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    [Fact]
    public void The_keys_are_the_models_as_its_contract_spells_them()
    {
        var rule = new ModelRules(Options).For<Shelf>();

        var error = Assert.Single(rule.Validate(JsonNode.Parse("""{"shelf_name":"a","extra":1}""")));
        Assert.Equal("$.extra", error.Path);
        // Declared order, the JsonPropertyName spelling, the alias last; computed and ignored members are not keys.
        Assert.Equal("unknown property (expected one of shelf_name, maxItems, color, books, by_title, label)", error.Message);
    }

    [Fact]
    public void An_alias_reads_like_its_property_and_not_both()
    {
        var rule = new ModelRules(Options).For<Shelf>();

        Assert.Empty(rule.Validate(JsonNode.Parse("""{"label":"a"}""")));
        Assert.Equal(["$.label: is another name of shelf_name; give only one of them"],
            rule.Validate(JsonNode.Parse("""{"shelf_name":"a","label":"b"}""")).Select(e => e.ToString()));
    }

    [Fact]
    public void A_required_property_may_come_under_its_alias()
    {
        var rule = new ModelRules(Options).Property<Shelf>(s => s.ShelfName, required: true).For<Shelf>();

        Assert.Empty(rule.Validate(JsonNode.Parse("""{"label":"a"}""")));
        Assert.Equal(["$: needs one of shelf_name, label"], rule.Validate(JsonNode.Parse("{}")).Select(e => e.ToString()));
    }

    [Fact]
    public void Values_follow_the_property_types_and_refinements_win()
    {
        var rule = new ModelRules(Options)
            .Property<Shelf>(s => s.MaxItems, new IntegerRule { Min = 1, Max = 10 })
            .Strings<Book>(new StringRule { NonEmpty = true })
            .For<Shelf>();

        Assert.Equal(
            [
                "$.maxItems: must be at most 10",
                "$.color: unknown color 'light_blue' (expected dark_red, sky_blue)",
                "$.books[0].title: must not be empty",
                "$.books[1].format: unknown format 'scroll' (expected paper, digital)",
                "$.by_title.x: expected object, got number",
            ],
            rule.Validate(JsonNode.Parse("""
                {"maxItems": 11, "color": "light_blue",
                 "books": [{"format": "paper", "title": ""}, {"format": "scroll"}], "by_title": {"x": 1}}
                """)).Select(e => e.ToString()));
    }

    [Fact]
    public void Variants_come_from_the_derived_types_and_checks_from_the_schema()
    {
        var rule = new ModelRules(Options)
            .Check<DigitalBook>((book, path, context) => { if (!book.ContainsKey("url")) context.Add(path, "a digital book needs a url"); })
            .For<Book>();

        Assert.Equal(["$: a digital book needs a url"], rule.Validate(JsonNode.Parse("""{"format":"digital","title":"t"}""")).Select(e => e.ToString()));
        Assert.Equal(["$.url: unknown property (expected one of format, title)"],
            rule.Validate(JsonNode.Parse("""{"format":"paper","url":"x"}""")).Select(e => e.ToString()));
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { ConfigAliasAttribute.AddAliases } },
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private enum Color
    {
        DarkRed,
        SkyBlue,
    }

    private sealed record Shelf
    {
        [ConfigAlias("label")]
        public string? ShelfName { get; init; }

        [JsonPropertyName("maxItems")]
        public int? MaxItems { get; init; }

        public Color Color { get; init; }

        public IReadOnlyList<Book> Books { get; init; } = [];

        public IReadOnlyDictionary<string, Book>? ByTitle { get; init; }

        [JsonIgnore]
        public bool IsEmpty => Books.Count == 0;
    }

    [JsonPolymorphic(TypeDiscriminatorPropertyName = "format")]
    [JsonDerivedType(typeof(PaperBook), "paper")]
    [JsonDerivedType(typeof(DigitalBook), "digital")]
    private abstract record Book
    {
        public string? Title { get; init; }
    }

    private sealed record PaperBook : Book;

    private sealed record DigitalBook : Book
    {
        public string? Url { get; init; }
    }
}
