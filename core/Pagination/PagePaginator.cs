using System.Text.Json.Nodes;
using Serverless.Core.Http;

namespace Serverless.Core.Pagination;

/// <summary><c>page</c>: a page number from <c>start_page</c>; ends on an empty or short page.</summary>
public sealed class PagePaginator(string pageKey, string limitKey, int startPage, int? maxLimit, bool addToBody, bool removeLimitKey, bool detectLoop)
    : Paginator(removeLimitKey ? null : limitKey, maxLimit, addToBody, detectLoop)
{
    private const string PageValue = "page";

    public override PaginationState Start(int? limit) => PaginationState.With(Clamp(limit), PageValue, startPage);

    public override void Apply(OutboundRequest request, PaginationState state)
    {
        Put(request, pageKey, state.GetInt(PageValue) ?? startPage);
        PutLimit(request, state);
    }

    protected override PaginationState? Next(PaginationState state, string requestUrl, VendorResponse response, JsonArray records) =>
        IsLastPage(state, records) ? null : PaginationState.With(state.Limit, PageValue, (state.GetInt(PageValue) ?? startPage) + 1);
}
