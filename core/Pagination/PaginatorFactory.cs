using Serverless.Core.Config;
using Serverless.Core.Jsonata;

namespace Serverless.Core.Pagination;

/// <summary>Builds the paginator of a validated pagination definition, once per compiled config.</summary>
internal static class PaginatorFactory
{
    /// <returns><c>null</c> when the method does not paginate.</returns>
    /// <exception cref="NotSupportedException">An unknown format, or dynamic without its next-values expression.</exception>
    /// <exception cref="JsonataException">A dynamic expression does not compile.</exception>
    public static IPaginator? Create(PaginationDefinition? definition) => definition switch
    {
        null or DisabledPagination => null,
        PagePagination { Config: var c } => new PagePaginator(c),
        CursorPagination { Config: var c } => new CursorPaginator(c),
        LinkHeaderPagination { Config: var c } => new LinkHeaderPaginator(c),
        OffsetPagination { Config: var c } => new OffsetPaginator(c),
        RangePagination { Config: var c } => new RangePaginator(c),
        DynamicPagination { Config: var c } => new DynamicPaginator(
            Compile(c.GetInitialPaginationValuesExpression),
            Compile(c.GetPaginationValuesExpression) ?? throw new NotSupportedException("dynamic pagination needs get_pagination_values_expression"),
            Compile(c.GetCursorFromResponseExpression)),
        _ => throw new NotSupportedException($"pagination format '{definition.Format}' is not supported by the proxy yet"),
    };

    private static JsonataExpression? Compile(string? source) => string.IsNullOrWhiteSpace(source) ? null : JsonataExpression.Compile(source);
}
