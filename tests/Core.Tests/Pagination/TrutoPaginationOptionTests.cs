using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Http;
using Serverless.Core.Pagination;
using Serverless.Core.Tests.Config;
using Xunit;

namespace Serverless.Core.Tests.Pagination;

/// <summary>
/// The pagination options Truto's Integration object documents, read from configs written with its names
/// (the project's first names are aliases), and what each one does to the vendor requests.
/// </summary>
public sealed class TrutoPaginationOptionTests
{
    private const string RequestUrl = "https://vendor.example/v1/items?x=1";

    private static IPaginator Paginator(string json) =>
        PaginatorFactory.Create(JsonSerializer.Deserialize<PaginationDefinition>(json, IntegrationConfigJson.Options))!;

    private static OutboundRequest Request() => new() { Method = HttpMethod.Get, Url = "https://vendor.example/v1/items" };

    private static VendorResponse Response(string json, params (string Name, string Value)[] headers) =>
        new(200, headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase), JsonNode.Parse(json), json);

    private static JsonArray Records(int count, int from = 0) => [.. Enumerable.Range(from, count).Select(i => (JsonNode)new JsonObject { ["id"] = i })];

    private static string Query(OutboundRequest request) => QueryStringWriter.Write(request.Query, QueryArrayFormat.Comma);

    [Fact]
    public void Page_headers_see_the_query_and_the_limit_before_ignore_limit_in_pagination_drops_it_from_the_url()
    {
        var paginator = Paginator("""{"format":"page","config":{"page_key":"page","limit_key":"per_page","headers":{"X-Page":"{{page}}","X-Per-Page":"{{per_page}}","X-Limit":"{{limit}}"},"ignore_limit_in_pagination":true}}""");
        var request = Request();

        paginator.Apply(request, paginator.Start(5));

        Assert.Equal("page=1", Query(request));
        Assert.Equal(("1", "5", "5"), (request.Headers["X-Page"], request.Headers["X-Per-Page"], request.Headers["X-Limit"]));
    }

    [Fact]
    public void Add_to_body_and_add_to_query_place_the_keys_in_both_and_the_seed_placeholders_see_them()
    {
        var paginator = Paginator("""{"format":"page","config":{"page_key":"page","limit_key":"per_page","add_to_body":true,"add_to_query":true,"use_content_hash":false}}""");
        var request = Request();
        var state = paginator.Start(3);

        paginator.Apply(request, state);

        Assert.Equal("page=1&per_page=3", Query(request));
        Assert.Equal("""{"page":1,"per_page":3}""", request.Body!.ToJsonString());
        Assert.Equal("""{"page":1,"limit":3,"per_page":3}""", paginator.Placeholders(state).ToJsonString());
        // use_content_hash false: identical pages do not end the walk.
        var second = paginator.Advance(state, RequestUrl, Response("[]"), Records(3))!;
        Assert.NotNull(paginator.Advance(second, RequestUrl, Response("[]"), Records(3)));
    }

    [Fact]
    public void An_unfilled_pagination_placeholder_is_not_sent()
    {
        var paginator = Paginator("""{"format":"page","config":{"limit_key":"per_page"}}""");
        var request = Request();
        request.Query["per_page"] = "{{pagination.per_page}}";
        request.Query["q"] = "{{query.q}}";

        paginator.Apply(request, paginator.Start(null));

        Assert.Equal("q=%7B%7Bquery.q%7D%7D&page=1", Query(request));
    }

    [Fact]
    public void Cursor_options_has_next_path_limit_data_type_and_ignore_limit_in_pagination()
    {
        var paginator = Paginator("""{"format":"cursor","config":{"cursor_key":"after","cursor_path":"meta.next","has_next_path":"meta.more","add_to_body":true,"limit_data_type":"string","ignore_limit_in_pagination":true}}""");
        var first = paginator.Start(25);
        var request = Request();
        paginator.Apply(request, first);
        Assert.Equal("""{"limit":"25"}""", request.Body!.ToJsonString());
        Assert.Equal("", Query(request));

        var next = paginator.Advance(first, RequestUrl, Response("""{"meta":{"next":"c2","more":"true"}}"""), Records(25))!;
        var second = Request();
        paginator.Apply(second, next);
        Assert.Equal("""{"after":"c2"}""", second.Body!.ToJsonString());

        Assert.Null(paginator.Advance(next, RequestUrl, Response("""{"meta":{"next":"c3","more":"false"}}"""), Records(25, 25)));
    }

    [Fact]
    public void Cursor_prev_cursor_path_header_source_url_encoding_and_empty_page_cursor()
    {
        var paginator = Paginator("""{"format":"cursor","config":{"cursor_path":"x-next","cursor_path_object":"header","prev_cursor_path":"x-prev","is_cursor_url_encoded":true,"allow_empty_page_cursor":true}}""");
        var first = paginator.Start(null);
        var response = Response("[]", ("x-next", "a%2Fb"), ("x-prev", "z"));

        var next = paginator.Advance(first, RequestUrl, response, Records(2))!;
        Assert.Equal("a/b", next.GetString("cursor"));
        Assert.Equal("z", paginator.Previous(first, RequestUrl, response)!.GetString("cursor"));

        // No cursor, but records: the walk goes on with an empty cursor; an empty page ends it.
        var empty = paginator.Advance(next, RequestUrl, Response("[]"), Records(2, 2))!;
        var request = Request();
        paginator.Apply(request, empty);
        Assert.Equal("cursor=", Query(request));
        Assert.Null(paginator.Advance(empty, RequestUrl, Response("[]"), Records(0)));
    }

    [Theory]
    [InlineData(true, "https://vendor.example/v2/next?page_info=p2")]
    [InlineData(false, "https://vendor.example/v1/items?page_info=p2")]
    public void Cursor_links_replace_the_path_unless_include_path_is_false(bool includePath, string expected)
    {
        var paginator = Paginator($$$"""{"format":"cursor","config":{"cursor_path":"next","is_link":true,"include_path":{{{(includePath ? "true" : "false")}}}}}""");
        var next = paginator.Advance(paginator.Start(null), RequestUrl, Response("""{"next":"/v2/next?page_info=p2"}"""), Records(1))!;
        var request = Request();

        paginator.Apply(request, next);

        Assert.Equal(expected, request.ResolveUrl());
    }

    [Fact]
    public void Offset_default_offset_and_range_default_start_with_headers_and_dropped_keys()
    {
        var offset = Paginator("""{"format":"offset","config":{"default_offset":1}}""");
        var request = Request();
        offset.Apply(request, offset.Start(10));
        Assert.Equal("offset=1&limit=10", Query(request));

        var range = Paginator("""{"format":"range","config":{"default_start":20,"max_limit":10,"headers":{"Range":"items={{start}}-{{end}}"},"ignore_limit_in_pagination":true}}""");
        var ranged = Request();
        range.Apply(ranged, range.Start(null));
        Assert.Equal("", Query(ranged));
        Assert.Equal("items=20-30", ranged.Headers["Range"]);
    }

    [Fact]
    public void The_first_names_still_read_and_giving_both_names_is_refused()
    {
        var page = Assert.IsType<PagePagination>(JsonSerializer.Deserialize<PaginationDefinition>("""{"format":"page","config":{"detect_loop":false,"remove_limit_key":true}}""", IntegrationConfigJson.Options));
        Assert.False(page.Config.UseContentHash);
        Assert.True(page.Config.IgnoreLimitInPagination);
        var offset = Assert.IsType<OffsetPagination>(JsonSerializer.Deserialize<PaginationDefinition>("""{"format":"offset","config":{"start_offset":5}}""", IntegrationConfigJson.Options));
        Assert.Equal(5, offset.Config.DefaultOffset);

        var validator = new IntegrationConfigValidator(new MarkerJsonataChecker());
        var errors = validator.Validate(JsonNode.Parse("""{"pagination":{"format":"cursor","config":{"has_more_path":"a","has_next_path":"b","cursor_path_object":"headers"}}}""")).Errors;
        var error = Assert.Single(errors);
        Assert.Equal(("$.pagination.config.has_more_path", "is another name of has_next_path; give only one of them"), (error.Path, error.Message));
    }
}
