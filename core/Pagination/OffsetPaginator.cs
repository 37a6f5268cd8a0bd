using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Http;

namespace Serverless.Core.Pagination;

/// <summary><c>offset</c>: next offset = offset + records received; ends on a short or empty page or at <c>total_path</c>.</summary>
internal sealed class OffsetPaginator : Paginator
{
    private const string OffsetValue = "offset";
    private readonly OffsetPaginationOptions _options;

    public OffsetPaginator(OffsetPaginationOptions options)
        : base(options, options.LimitKey, options.UseContentHash, options.AddToBody, options.AddToQuery)
    {
        _options = options;
        DroppedFromUrl = options.IgnoreLimitInPagination ? [options.LimitKey] : [];
    }

    public override PaginationState Start(int? limit) => PaginationState.With(Clamp(limit), OffsetValue, _options.DefaultOffset);

    public override JsonObject Placeholders(PaginationState state)
    {
        var values = base.Placeholders(state);
        values[_options.OffsetKey] = Offset(state);
        return values;
    }

    protected override void Place(OutboundRequest request, PaginationState state, JsonObject placed)
    {
        Put(request, placed, _options.OffsetKey, Offset(state));
        PutLimit(request, state, placed);
    }

    protected override PaginationState? Next(PaginationState state, string requestUrl, VendorResponse response, PageRecords records)
    {
        var next = Offset(state) + records.Count;
        if (IsLastPage(state, records) || PastTotal(response, _options.TotalPath, next)) return null;
        return PaginationState.With(state.Limit, OffsetValue, next);
    }

    internal static bool PastTotal(VendorResponse response, string? totalPath, int next) =>
        totalPath is not null && DottedPath.Read(response.Body, totalPath) is JsonValue total
        && total.TryGetValue<int>(out var count) && next >= count;

    private int Offset(PaginationState state) => state.GetInt(OffsetValue) ?? _options.DefaultOffset;
}
