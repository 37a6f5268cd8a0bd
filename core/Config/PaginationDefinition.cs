using System.Text.Json.Serialization;

namespace Serverless.Core.Config;

/// <summary><c>pagination: {format, config}</c> (SPEC §2.6). The format selects the derived type.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "format")]
[JsonDerivedType(typeof(PagePagination), "page")]
[JsonDerivedType(typeof(CursorPagination), "cursor")]
[JsonDerivedType(typeof(LinkHeaderPagination), "link_header")]
[JsonDerivedType(typeof(OffsetPagination), "offset")]
[JsonDerivedType(typeof(RangePagination), "range")]
[JsonDerivedType(typeof(DynamicPagination), "dynamic")]
public abstract record PaginationDefinition
{
    /// <summary>A method's <c>"pagination": null</c>: the method does not paginate even if the integration does.</summary>
    public static readonly PaginationDefinition Disabled = new DisabledPagination();

    /// <summary>Sets the <c>format</c> discriminator of the derived type.</summary>
    protected PaginationDefinition(string format) => Format = format;

    /// <summary>The discriminator as written in the config.</summary>
    [JsonIgnore]
    public string Format { get; }
}

internal sealed record DisabledPagination() : PaginationDefinition("none");

/// <summary>What every format but <c>dynamic</c> shares.</summary>
internal abstract record PaginationOptions
{
    /// <summary>Templates added as headers to every paginated request, over the request query (pagination keys included) plus <c>limit</c>.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public int? MaxLimit { get; init; }

    /// <summary>Format-specific: drop the limit (range: start, end and limit) from the URL once headers are built, or never send it.</summary>
    [ConfigAlias("remove_limit_key")]
    public bool IgnoreLimitInPagination { get; init; }
}

/// <summary>Where the pagination keys go; <c>add_to_query</c> defaults to the opposite of <c>add_to_body</c>.</summary>
internal abstract record PlacedPaginationOptions : PaginationOptions
{
    public bool AddToBody { get; init; }

    public bool? AddToQuery { get; init; }

    /// <summary>Loop detection: two consecutive identical pages end the walk.</summary>
    [ConfigAlias("detect_loop")]
    public bool UseContentHash { get; init; } = true;
}

internal sealed record PagePagination() : PaginationDefinition("page")
{
    public PagePaginationOptions Config { get; init; } = new();
}

internal sealed record PagePaginationOptions : PlacedPaginationOptions
{
    public string PageKey { get; init; } = "page";

    public string LimitKey { get; init; } = "limit";

    public int StartPage { get; init; } = 1;
}

internal sealed record CursorPagination() : PaginationDefinition("cursor")
{
    public CursorPaginationOptions Config { get; init; } = new();
}

internal sealed record CursorPaginationOptions : PlacedPaginationOptions
{
    /// <summary>Request parameter carrying the cursor.</summary>
    public string CursorKey { get; init; } = "cursor";

    /// <summary>Dotted path of the next cursor in the response body or headers.</summary>
    public string? CursorPath { get; init; }

    [JsonConverter(typeof(CursorPathObjectJsonConverter))]
    public CursorPathObject CursorPathObject { get; init; } = CursorPathObject.Body;

    /// <summary>Dotted path of a boolean (or "true"/"false"); false ends the walk.</summary>
    [ConfigAlias("has_more_path")]
    public string? HasNextPath { get; init; }

    /// <summary>Dotted path of the previous page's cursor (the list answer's <c>prev_cursor</c>).</summary>
    public string? PrevCursorPath { get; init; }

    /// <summary>The cursor is a URL or path to follow.</summary>
    public bool IsLink { get; init; }

    /// <summary>With <see cref="IsLink"/>: the link's path replaces the request's; <c>false</c> keeps the request's path and takes only the link's query.</summary>
    public bool IncludePath { get; init; } = true;

    public string LimitKey { get; init; } = "limit";

    /// <summary>How the limit is written in a body: <c>number</c> (default) or <c>string</c>.</summary>
    public LimitDataType LimitDataType { get; init; } = LimitDataType.Number;

    /// <summary>URL-decode the cursor before sending it back.</summary>
    [ConfigAlias("decode")]
    public bool IsCursorUrlEncoded { get; init; }

    /// <summary>An empty cursor does not end the walk (an empty page does); the next request sends it empty.</summary>
    public bool AllowEmptyPageCursor { get; init; }

    /// <summary>Send an empty cursor on the first request instead of leaving it out (this project's option).</summary>
    public bool AllowEmpty { get; init; }
}

internal sealed record LinkHeaderPagination() : PaginationDefinition("link_header")
{
    public LinkHeaderPaginationOptions Config { get; init; } = new();
}

internal sealed record LinkHeaderPaginationOptions : PaginationOptions
{
    public string LimitKey { get; init; } = "limit";

    /// <summary>Informational only (Truto's too): the next page comes from the Link header.</summary>
    public string? PageKey { get; init; }
}

internal sealed record OffsetPagination() : PaginationDefinition("offset")
{
    public OffsetPaginationOptions Config { get; init; } = new();
}

internal sealed record OffsetPaginationOptions : PlacedPaginationOptions
{
    public string OffsetKey { get; init; } = "offset";

    public string LimitKey { get; init; } = "limit";

    [ConfigAlias("start_offset")]
    public int DefaultOffset { get; init; }

    /// <summary>Dotted path of the total record count in the response body.</summary>
    public string? TotalPath { get; init; }
}

internal sealed record RangePagination() : PaginationDefinition("range")
{
    public RangePaginationOptions Config { get; init; } = new();
}

internal sealed record RangePaginationOptions : PlacedPaginationOptions
{
    public string StartKey { get; init; } = "start";

    public string EndKey { get; init; } = "end";

    [ConfigAlias("start")]
    public int DefaultStart { get; init; }

    public string? TotalPath { get; init; }
}

internal sealed record DynamicPagination() : PaginationDefinition("dynamic")
{
    public DynamicPaginationOptions Config { get; init; } = new();
}

/// <summary>JSONata expressions driving pagination.</summary>
internal sealed record DynamicPaginationOptions
{
    public string? GetInitialPaginationValuesExpression { get; init; }

    /// <summary>Returns the next request's pagination values; <c>null</c> ends the walk.</summary>
    public string? GetPaginationValuesExpression { get; init; }

    public string? GetCursorFromResponseExpression { get; init; }
}
