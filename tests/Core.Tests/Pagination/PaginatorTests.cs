using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Http;
using Serverless.Core.Pagination;
using Xunit;

namespace Serverless.Core.Tests.Pagination;

public sealed class PaginatorTests
{
    private const string RequestUrl = "https://vendor.example/v1/items?limit=2";

    private static OutboundRequest NewRequest() => new() { Method = HttpMethod.Get, Url = "https://vendor.example/v1/items" };

    private static VendorResponse Response(string json, params (string Name, string Value)[] headers) =>
        new(200, headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase), JsonNode.Parse(json), json);

    private static JsonArray Records(int count, int from = 0) => [.. Enumerable.Range(from, count).Select(i => (JsonNode)new JsonObject { ["id"] = i })];

    [Fact]
    public void Page_format_counts_pages_clamps_the_limit_and_ends_on_a_short_page()
    {
        var paginator = PaginatorFactory.Create(new PagePagination { Config = new() { PageKey = "p", LimitKey = "per_page", StartPage = 0, MaxLimit = 2 } })!;
        var state = paginator.Start(50);
        var request = NewRequest();
        paginator.Apply(request, state);
        Assert.Equal("p=0&per_page=2", QueryStringWriter.Write(request.Query, QueryArrayFormat.Comma));

        var second = paginator.Advance(state, RequestUrl, Response("[]"), Records(2))!;
        Assert.Equal(1, second.GetInt("page"));
        Assert.Null(paginator.Advance(second, RequestUrl, Response("[]"), Records(1, 2)));
    }

    [Fact]
    public void Two_identical_consecutive_pages_end_the_walk()
    {
        var paginator = PaginatorFactory.Create(new PagePagination())!;
        var first = paginator.Advance(paginator.Start(2), RequestUrl, Response("[]"), Records(2))!;
        Assert.Null(paginator.Advance(first, RequestUrl, Response("[]"), Records(2)));
    }

    [Fact]
    public void Loop_detection_can_be_turned_off_for_page_format()
    {
        var paginator = PaginatorFactory.Create(new PagePagination { Config = new() { UseContentHash = false } })!;
        var first = paginator.Advance(paginator.Start(2), RequestUrl, Response("[]"), Records(2))!;
        Assert.NotNull(paginator.Advance(first, RequestUrl, Response("[]"), Records(2)));
    }

    [Fact]
    public void Cursor_format_reads_the_body_path_and_stops_on_an_empty_cursor()
    {
        var paginator = PaginatorFactory.Create(new CursorPagination { Config = new() { CursorKey = "cursor", CursorPath = "response_metadata.next_cursor" } })!;
        var next = paginator.Advance(paginator.Start(null), RequestUrl, Response("""{"response_metadata":{"next_cursor":"dXNlcjo="}}"""), Records(3))!;
        var request = NewRequest();
        paginator.Apply(request, next);
        Assert.Equal("dXNlcjo=", (string?)request.Query["cursor"]);
        Assert.Null(paginator.Advance(next, RequestUrl, Response("""{"response_metadata":{"next_cursor":""}}"""), Records(3, 3)));
    }

    [Fact]
    public void Cursor_format_honours_has_more_and_last_record_paths_in_the_body_when_asked()
    {
        var paginator = PaginatorFactory.Create(new CursorPagination
        {
            Config = new() { CursorKey = "starting_after", CursorPath = "data.-1.id", HasNextPath = "has_more", AddToBody = true },
        })!;
        var next = paginator.Advance(paginator.Start(10), RequestUrl, Response("""{"has_more":true,"data":[{"id":"cus_1"},{"id":"cus_2"}]}"""), Records(2))!;
        var request = NewRequest();
        paginator.Apply(request, next);
        Assert.Equal("""{"starting_after":"cus_2","limit":10}""", request.Body!.ToJsonString());
        Assert.Empty(request.Query);
        Assert.Null(paginator.Advance(next, RequestUrl, Response("""{"has_more":false,"data":[{"id":"cus_3"}]}"""), Records(1, 5)));
    }

    [Fact]
    public void Cursor_links_are_followed_exactly_and_relative_ones_resolve_against_the_request()
    {
        var paginator = PaginatorFactory.Create(new CursorPagination { Config = new() { CursorPath = "nextRecordsUrl", IsLink = true } })!;
        var next = paginator.Advance(paginator.Start(5), "https://na1.example/services/data/v59.0/query?q=SELECT", Response("""{"nextRecordsUrl":"/services/data/v59.0/query/01g-200"}"""), Records(1))!;
        var request = NewRequest();
        request.Query["q"] = "SELECT";
        paginator.Apply(request, next);
        Assert.Equal("https://na1.example/services/data/v59.0/query/01g-200", request.ResolveUrl());
    }

    [Fact]
    public void Cursor_can_come_from_a_header_and_be_url_decoded()
    {
        var paginator = PaginatorFactory.Create(new CursorPagination
        {
            Config = new() { CursorKey = "after", CursorPath = "x-next-cursor", CursorPathObject = CursorPathObject.Header, IsCursorUrlEncoded = true },
        })!;
        var next = paginator.Advance(paginator.Start(null), RequestUrl, Response("[]", ("X-Next-Cursor", "a%2Bb")), Records(1))!;
        Assert.Equal("a+b", next.GetString("cursor"));
    }

    [Fact]
    public void Link_header_format_follows_rel_next_without_adding_parameters_again()
    {
        var paginator = PaginatorFactory.Create(new LinkHeaderPagination { Config = new() { LimitKey = "per_page" } })!;
        var first = NewRequest();
        var start = paginator.Start(30);
        paginator.Apply(first, start);
        Assert.Equal("https://vendor.example/v1/items?per_page=30", first.ResolveUrl());

        var next = paginator.Advance(start, RequestUrl, Response("[]", ("Link", "<https://shop.example/items?page_info=abc&limit=30>; rel=\"next\"")), Records(30))!;
        var second = NewRequest();
        second.Query["fields"] = "id";
        paginator.Apply(second, next);
        Assert.Equal("https://shop.example/items?page_info=abc&limit=30", second.ResolveUrl());
        Assert.Null(paginator.Advance(next, RequestUrl, Response("[]"), Records(3)));
    }

    [Fact]
    public void Offset_format_adds_records_received_and_stops_at_the_total()
    {
        var paginator = PaginatorFactory.Create(new OffsetPagination { Config = new() { OffsetKey = "startAt", LimitKey = "maxResults", TotalPath = "total" } })!;
        var next = paginator.Advance(paginator.Start(100), RequestUrl, Response("""{"total":250}"""), Records(100))!;
        Assert.Equal(100, next.GetInt("offset"));
        var last = paginator.Advance(next, RequestUrl, Response("""{"total":250}"""), Records(100, 100))!;
        Assert.Null(paginator.Advance(last, RequestUrl, Response("""{"total":200}"""), Records(100, 200)));
    }

    [Fact]
    public void Range_format_asks_for_end_exclusive_ranges()
    {
        var paginator = PaginatorFactory.Create(new RangePagination { Config = new() { StartKey = "from", EndKey = "to", MaxLimit = 50 } })!;
        var state = paginator.Start(null);
        var request = NewRequest();
        paginator.Apply(request, state);
        Assert.Equal("from=0&to=50", QueryStringWriter.Write(request.Query, QueryArrayFormat.Comma));
        var next = paginator.Advance(state, RequestUrl, Response("[]"), Records(50))!;
        var second = NewRequest();
        paginator.Apply(second, next);
        Assert.Equal("from=50&to=100", QueryStringWriter.Write(second.Query, QueryArrayFormat.Comma));
    }

    [Fact]
    public void Disabled_pagination_has_no_paginator() =>
        Assert.Null(PaginatorFactory.Create(PaginationDefinition.Disabled));
}
