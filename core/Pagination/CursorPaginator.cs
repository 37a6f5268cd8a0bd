using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Http;

namespace Serverless.Core.Pagination;

/// <summary>
/// <c>cursor</c>: reads the next cursor at <c>cursor_path</c> (body or header) and sends it as
/// <c>cursor_key</c>, or follows it as a link with <c>is_link</c> (its path too unless
/// <c>include_path</c> is false). Ends when the cursor is empty (unless <c>allow_empty_page_cursor</c>:
/// then on an empty page) or <c>has_next_path</c> is falsy.
/// </summary>
internal sealed class CursorPaginator : Paginator
{
    private const string CursorValue = "cursor";
    private const string UrlValue = "url";
    private readonly CursorPaginationOptions _options;
    private readonly string _cursorPath;

    public CursorPaginator(CursorPaginationOptions options)
        : base(options, options.LimitKey, options.UseContentHash && options.CursorPathObject == CursorPathObject.Body, options.AddToBody, options.AddToQuery)
    {
        _options = options;
        _cursorPath = options.CursorPath ?? options.CursorKey;
    }

    public override JsonObject Placeholders(PaginationState state)
    {
        var values = base.Placeholders(state);
        if (state.GetString(CursorValue) is { } cursor) values[_options.CursorKey] = cursor;
        return values;
    }

    protected override void Place(OutboundRequest request, PaginationState state, JsonObject placed)
    {
        if (state.GetString(UrlValue) is { } link)
        {
            request.FollowUrl = _options.IncludePath ? link : WithQueryOf(request.ResolveUrl(), link);
            return;
        }
        var cursor = state.GetString(CursorValue);
        if (cursor is not null) Put(request, placed, _options.CursorKey, cursor);
        else if (_options.AllowEmpty) Put(request, placed, _options.CursorKey, "");
        // ignore_limit_in_pagination: only the first page carries the limit.
        if (cursor is null || !_options.IgnoreLimitInPagination) PutLimit(request, state, placed);
    }

    protected override JsonNode LimitValue(int limit, bool inBody) =>
        inBody && _options.LimitDataType == LimitDataType.String ? JsonValue.Create(limit.ToString(System.Globalization.CultureInfo.InvariantCulture)) : limit;

    protected override PaginationState? Next(PaginationState state, string requestUrl, VendorResponse response, PageRecords records)
    {
        if (_options.HasNextPath is not null && DottedPath.Read(response.Body, _options.HasNextPath) is JsonValue hasNext && IsFalsy(hasNext)) return null;
        var cursor = Read(response, _cursorPath);
        if (string.IsNullOrEmpty(cursor))
        {
            return _options.AllowEmptyPageCursor && records.Count > 0 ? PaginationState.With(state.Limit, CursorValue, "") : null;
        }
        return StateOf(state, requestUrl, cursor);
    }

    public override PaginationState? Previous(PaginationState state, string requestUrl, VendorResponse response) =>
        _options.PrevCursorPath is { } path && Read(response, path) is { Length: > 0 } previous ? StateOf(state, requestUrl, previous) with { Limit = state.Limit } : null;

    private PaginationState StateOf(PaginationState state, string requestUrl, string cursor)
    {
        if (_options.IsCursorUrlEncoded) cursor = Uri.UnescapeDataString(cursor);
        return _options.IsLink
            ? PaginationState.With(state.Limit, UrlValue, OutboundRequest.ResolveLink(requestUrl, cursor))
            : PaginationState.With(state.Limit, CursorValue, cursor);
    }

    private string? Read(VendorResponse response, string path) =>
        _options.CursorPathObject == CursorPathObject.Header
            ? response.Header(path)
            : DottedPath.Read(response.Body, path) is JsonValue value && value.GetValueKind() is not JsonValueKind.Null ? QueryStringWriter.Scalar(value) : null;

    /// <summary><c>false</c>, <c>"false"</c>, <c>0</c>, <c>""</c>: no more pages.</summary>
    private static bool IsFalsy(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.False or JsonValueKind.Null => true,
        JsonValueKind.String => value.GetValue<string>() is "" or "false",
        JsonValueKind.Number => value.TryGetValue<double>(out var number) && number == 0,
        _ => false,
    };

    /// <summary>The request's own URL (path and all) with the link's query string.</summary>
    private static string WithQueryOf(string requestUrl, string link)
    {
        var linked = new Uri(OutboundRequest.ResolveLink(requestUrl, link));
        return new UriBuilder(new Uri(requestUrl)) { Query = linked.Query.TrimStart('?') }.Uri.ToString();
    }
}
