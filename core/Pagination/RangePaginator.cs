using System.Text.Json.Nodes;
using Serverless.Core.Http;

namespace Serverless.Core.Pagination;

/// <summary>
/// <c>range</c>: asks for records <c>start_key</c>..<c>end_key</c> (inclusive); a range needs a size, so
/// without a caller limit or <c>max_limit</c> it asks for <see cref="DefaultSize"/>.
/// </summary>
public sealed class RangePaginator(string startKey, string endKey, int start, int? maxLimit, string? totalPath)
    : Paginator(null, maxLimit, addToBody: false)
{
    public const int DefaultSize = 100;
    private const string StartValue = "start";

    public override PaginationState Start(int? limit) => PaginationState.With(Clamp(limit) ?? DefaultSize, StartValue, start);

    public override void Apply(OutboundRequest request, PaginationState state)
    {
        var from = state.GetInt(StartValue) ?? start;
        Put(request, startKey, from);
        Put(request, endKey, from + (state.Limit ?? DefaultSize) - 1);
    }

    protected override PaginationState? Next(PaginationState state, string requestUrl, VendorResponse response, JsonArray records)
    {
        var next = (state.GetInt(StartValue) ?? start) + records.Count;
        if (IsLastPage(state, records) || OffsetPaginator.PastTotal(response, totalPath, next)) return null;
        return PaginationState.With(state.Limit, StartValue, next);
    }
}
