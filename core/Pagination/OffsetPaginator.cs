using System.Text.Json.Nodes;
using Serverless.Core.Http;

namespace Serverless.Core.Pagination;

/// <summary><c>offset</c>: next offset = offset + records received; ends on a short or empty page or at <c>total_path</c>.</summary>
public sealed class OffsetPaginator(string offsetKey, string limitKey, int startOffset, string? totalPath, int? maxLimit, bool addToBody)
    : Paginator(limitKey, maxLimit, addToBody)
{
    private const string OffsetValue = "offset";

    public override PaginationState Start(int? limit) => PaginationState.With(Clamp(limit), OffsetValue, startOffset);

    public override void Apply(OutboundRequest request, PaginationState state)
    {
        Put(request, offsetKey, state.GetInt(OffsetValue) ?? startOffset);
        PutLimit(request, state);
    }

    protected override PaginationState? Next(PaginationState state, string requestUrl, VendorResponse response, JsonArray records)
    {
        var next = (state.GetInt(OffsetValue) ?? startOffset) + records.Count;
        if (IsLastPage(state, records) || PastTotal(response, totalPath, next)) return null;
        return PaginationState.With(state.Limit, OffsetValue, next);
    }

    internal static bool PastTotal(VendorResponse response, string? totalPath, int next) =>
        totalPath is not null && DottedPath.Read(response.Body, totalPath) is JsonValue total
        && total.TryGetValue<int>(out var count) && next >= count;
}
