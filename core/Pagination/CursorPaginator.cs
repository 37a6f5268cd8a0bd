using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Http;

namespace Serverless.Core.Pagination;

/// <summary>
/// <c>cursor</c>: reads the next cursor at <c>cursor_path</c> (body or header) and sends it as
/// <c>cursor_key</c>, or follows it as a link with <c>is_link</c>. Ends when the cursor is empty or
/// <c>has_more_path</c> is false.
/// </summary>
public sealed class CursorPaginator(
    string cursorKey, string cursorPath, CursorPathObject source, string? hasMorePath, bool isLink,
    string limitKey, int? maxLimit, bool addToBody, bool decode, bool allowEmpty)
    : Paginator(limitKey, maxLimit, addToBody)
{
    private const string CursorValue = "cursor";
    private const string UrlValue = "url";

    public override void Apply(OutboundRequest request, PaginationState state)
    {
        if (state.GetString(UrlValue) is { } link)
        {
            request.FollowUrl = link;
            return;
        }
        if (state.GetString(CursorValue) is { } cursor) Put(request, cursorKey, cursor);
        else if (allowEmpty) Put(request, cursorKey, "");
        PutLimit(request, state);
    }

    protected override PaginationState? Next(PaginationState state, string requestUrl, VendorResponse response, JsonArray records)
    {
        if (hasMorePath is not null && DottedPath.Read(response.Body, hasMorePath) is JsonValue hasMore
            && hasMore.GetValueKind() is JsonValueKind.False) return null;
        var cursor = source == CursorPathObject.Headers
            ? response.Header(cursorPath)
            : DottedPath.Read(response.Body, cursorPath) is JsonValue value && value.GetValueKind() is not JsonValueKind.Null ? QueryStringWriter.Scalar(value) : null;
        if (string.IsNullOrEmpty(cursor)) return null;
        if (decode) cursor = Uri.UnescapeDataString(cursor);
        return isLink
            ? PaginationState.With(state.Limit, UrlValue, OutboundRequest.ResolveLink(requestUrl, cursor))
            : PaginationState.With(state.Limit, CursorValue, cursor);
    }
}
