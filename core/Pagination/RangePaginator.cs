using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Http;

namespace Serverless.Core.Pagination;

/// <summary>
/// <c>range</c>: asks for records from <c>start_key</c> up to <c>end_key</c> (exclusive, as Truto); a
/// range needs a size, so without a caller limit or <c>max_limit</c> it asks for <see cref="DefaultSize"/>.
/// <c>ignore_limit_in_pagination</c> drops start, end and <c>limit</c> from the URL once the headers are
/// built (e.g. for a <c>Range: items={{start}}-{{end}}</c> header).
/// </summary>
internal sealed class RangePaginator : Paginator
{
    public const int DefaultSize = 100;
    private const string StartValue = "start";
    private readonly RangePaginationOptions _options;

    public RangePaginator(RangePaginationOptions options)
        : base(options, null, options.UseContentHash, options.AddToBody, options.AddToQuery)
    {
        _options = options;
        DroppedFromUrl = options.IgnoreLimitInPagination ? [options.StartKey, options.EndKey, "limit"] : [];
    }

    public override PaginationState Start(int? limit) => PaginationState.With(Clamp(limit) ?? DefaultSize, StartValue, _options.DefaultStart);

    public override JsonObject Placeholders(PaginationState state)
    {
        var values = base.Placeholders(state);
        values[_options.StartKey] = From(state);
        values[_options.EndKey] = From(state) + (state.Limit ?? DefaultSize);
        return values;
    }

    protected override void Place(OutboundRequest request, PaginationState state, JsonObject placed)
    {
        var from = From(state);
        Put(request, placed, _options.StartKey, from);
        Put(request, placed, _options.EndKey, from + (state.Limit ?? DefaultSize));
    }

    protected override PaginationState? Next(PaginationState state, string requestUrl, VendorResponse response, PageRecords records)
    {
        var next = From(state) + records.Count;
        if (IsLastPage(state, records) || OffsetPaginator.PastTotal(response, _options.TotalPath, next)) return null;
        return PaginationState.With(state.Limit, StartValue, next);
    }

    private int From(PaginationState state) => state.GetInt(StartValue) ?? _options.DefaultStart;
}
