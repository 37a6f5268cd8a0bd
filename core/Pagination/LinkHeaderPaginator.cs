using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Http;

namespace Serverless.Core.Pagination;

/// <summary>
/// <c>link_header</c>: follows the RFC 8288 <c>rel="next"</c> link exactly as given; ends when there is
/// none. <c>ignore_limit_in_pagination</c> never sends the limit; <c>page_key</c> is informational.
/// </summary>
internal sealed class LinkHeaderPaginator(LinkHeaderPaginationOptions options)
    : Paginator(options, options.IgnoreLimitInPagination ? null : options.LimitKey)
{
    private const string UrlValue = "url";

    protected override void Place(OutboundRequest request, PaginationState state, JsonObject placed)
    {
        if (state.GetString(UrlValue) is { } link) request.FollowUrl = link;
        else PutLimit(request, state, placed);
    }

    protected override PaginationState? Next(PaginationState state, string requestUrl, VendorResponse response, PageRecords records) =>
        response.Header("link") is { } header && LinkHeader.Find([header], "next") is { } next
            ? PaginationState.With(state.Limit, UrlValue, OutboundRequest.ResolveLink(requestUrl, next))
            : null;
}
