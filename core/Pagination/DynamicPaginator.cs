using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Http;
using Serverless.Core.Jsonata;

namespace Serverless.Core.Pagination;

/// <summary>
/// <c>dynamic</c>: JSONata decides. <c>get_initial_pagination_values_expression</c> over <c>{limit}</c>
/// gives the first values; <c>get_cursor_from_response_expression</c> (optional) over
/// <c>{status, headers, data, pagination, limit}</c> gives <c>cursor</c>; <c>get_pagination_values_expression</c>
/// over the same input plus <c>cursor</c> and <c>records</c> gives the next values, or null to end. The
/// values reach the request through <c>{{pagination.*}}</c> placeholders in its query, body or headers.
/// </summary>
internal sealed class DynamicPaginator(JsonataExpression? initial, JsonataExpression next, JsonataExpression? cursor)
    : Paginator(NoOptions, null)
{
    private static readonly PagePaginationOptions NoOptions = new();

    public override PaginationState Start(int? limit)
    {
        var clamped = Clamp(limit);
        var values = initial is null ? null : Evaluate(initial, new JsonObject { ["limit"] = clamped });
        return new PaginationState(values as JsonObject ?? [], clamped);
    }

    protected override void Place(OutboundRequest request, PaginationState state, JsonObject placed)
    {
        // The values are read by the request's templates ({{pagination.*}}); nothing is added implicitly.
    }

    protected override PaginationState? Next(PaginationState state, string requestUrl, VendorResponse response, PageRecords records)
    {
        var input = response.ToExpressionInput();
        input["pagination"] = state.Values.DeepClone();
        input["limit"] = state.Limit;
        if (cursor is not null) input["cursor"] = Evaluate(cursor, input);
        input["records"] = records.ToTree();
        return Evaluate(next, input) is JsonObject values ? new PaginationState(values, state.Limit) : null;
    }

    private static JsonNode? Evaluate(JsonataExpression expression, JsonObject input) =>
        expression.Evaluate(input, null, JsonataPlatformFunctions.Shared.Options).ToJsonNode();
}
