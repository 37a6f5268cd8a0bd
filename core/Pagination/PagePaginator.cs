using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Http;

namespace Serverless.Core.Pagination;

/// <summary><c>page</c>: a page number from <c>start_page</c>; ends on an empty or short page.</summary>
internal sealed class PagePaginator : Paginator
{
    private const string PageValue = "page";
    private readonly PagePaginationOptions _options;

    public PagePaginator(PagePaginationOptions options)
        : base(options, options.LimitKey, options.UseContentHash, options.AddToBody, options.AddToQuery)
    {
        _options = options;
        DroppedFromUrl = options.IgnoreLimitInPagination ? [options.LimitKey] : [];
    }

    public override PaginationState Start(int? limit) => PaginationState.With(Clamp(limit), PageValue, _options.StartPage);

    public override JsonObject Placeholders(PaginationState state)
    {
        var values = base.Placeholders(state);
        values[_options.PageKey] = Page(state);
        return values;
    }

    protected override void Place(OutboundRequest request, PaginationState state, JsonObject placed)
    {
        Put(request, placed, _options.PageKey, Page(state));
        PutLimit(request, state, placed);
    }

    protected override PaginationState? Next(PaginationState state, string requestUrl, VendorResponse response, PageRecords records) =>
        IsLastPage(state, records) ? null : PaginationState.With(state.Limit, PageValue, Page(state) + 1);

    private int Page(PaginationState state) => state.GetInt(PageValue) ?? _options.StartPage;
}
