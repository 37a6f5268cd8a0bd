using Serverless.Core.Config;

namespace Serverless.Core.Pagination;

/// <summary>Builds the paginator of a validated pagination definition, once per compiled config.</summary>
public static class PaginatorFactory
{
    /// <returns><c>null</c> when the method does not paginate.</returns>
    /// <exception cref="NotSupportedException">The format needs an engine this build lacks (dynamic without JSONata).</exception>
    public static IPaginator? Create(PaginationDefinition? definition) => definition switch
    {
        null or DisabledPagination => null,
        PagePagination { Config: var c } => new PagePaginator(c.PageKey, c.LimitKey, c.StartPage, c.MaxLimit, c.AddToBody, c.RemoveLimitKey, c.DetectLoop),
        CursorPagination { Config: var c } => new CursorPaginator(
            c.CursorKey, c.CursorPath ?? c.CursorKey, c.CursorPathObject, c.HasMorePath, c.IsLink, c.LimitKey, c.MaxLimit, c.AddToBody, c.Decode, c.AllowEmpty),
        LinkHeaderPagination { Config: var c } => new LinkHeaderPaginator(c.LimitKey, c.MaxLimit),
        OffsetPagination { Config: var c } => new OffsetPaginator(c.OffsetKey, c.LimitKey, c.StartOffset, c.TotalPath, c.MaxLimit, c.AddToBody),
        RangePagination { Config: var c } => new RangePaginator(c.StartKey, c.EndKey, c.Start, c.MaxLimit, c.TotalPath),
        _ => throw new NotSupportedException($"pagination format '{definition.Format}' is not supported by the proxy yet"),
    };
}
