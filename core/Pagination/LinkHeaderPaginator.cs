using System.Text.Json.Nodes;
using Serverless.Core.Http;

namespace Serverless.Core.Pagination;

/// <summary><c>link_header</c>: follows the RFC 8288 <c>rel="next"</c> link exactly as given; ends when there is none.</summary>
public sealed class LinkHeaderPaginator(string limitKey, int? maxLimit) : Paginator(limitKey, maxLimit, addToBody: false)
{
    private const string UrlValue = "url";

    public override void Apply(OutboundRequest request, PaginationState state)
    {
        if (state.GetString(UrlValue) is { } link) request.FollowUrl = link;
        else PutLimit(request, state);
    }

    protected override PaginationState? Next(PaginationState state, string requestUrl, VendorResponse response, JsonArray records) =>
        response.Header("link") is { } header && LinkHeader.Find([header], "next") is { } next
            ? PaginationState.With(state.Limit, UrlValue, OutboundRequest.ResolveLink(requestUrl, next))
            : null;
}
