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
    public static readonly IReadOnlyList<string> Formats = ["page", "cursor", "link_header", "offset", "range", "dynamic"];

    /// <summary>A method's <c>"pagination": null</c>: the method does not paginate even if the integration does.</summary>
    public static readonly PaginationDefinition Disabled = new DisabledPagination();

    protected PaginationDefinition(string format) => Format = format;

    /// <summary>The discriminator as written in the config.</summary>
    [JsonIgnore]
    public string Format { get; }
}

public sealed record DisabledPagination() : PaginationDefinition("none");

public sealed record PagePagination() : PaginationDefinition("page")
{
    public PagePaginationOptions Config { get; init; } = new();
}

public sealed record PagePaginationOptions
{
    public string PageKey { get; init; } = "page";

    public string LimitKey { get; init; } = "limit";

    public int StartPage { get; init; } = 1;

    public int? MaxLimit { get; init; }

    public bool AddToBody { get; init; }

    public bool AddToQuery { get; init; } = true;

    /// <summary>Do not send the limit to the vendor (it still ends the walk on a short page).</summary>
    public bool RemoveLimitKey { get; init; }

    public bool DetectLoop { get; init; } = true;
}

public sealed record CursorPagination() : PaginationDefinition("cursor")
{
    public CursorPaginationOptions Config { get; init; } = new();
}

public sealed record CursorPaginationOptions
{
    /// <summary>Request parameter carrying the cursor.</summary>
    public string CursorKey { get; init; } = "cursor";

    /// <summary>Dotted path of the next cursor in the response body or headers.</summary>
    public string? CursorPath { get; init; }

    public CursorPathObject CursorPathObject { get; init; } = CursorPathObject.Body;

    /// <summary>Dotted path of a boolean; <c>false</c> ends the walk.</summary>
    public string? HasMorePath { get; init; }

    /// <summary>The cursor is a URL or path to follow as is.</summary>
    public bool IsLink { get; init; }

    public string LimitKey { get; init; } = "limit";

    public int? MaxLimit { get; init; }

    public bool AddToBody { get; init; }

    /// <summary>URL-decode the cursor before sending it back.</summary>
    public bool Decode { get; init; }

    /// <summary>Send an empty cursor on the first request instead of leaving it out.</summary>
    public bool AllowEmpty { get; init; }
}

public sealed record LinkHeaderPagination() : PaginationDefinition("link_header")
{
    public LinkHeaderPaginationOptions Config { get; init; } = new();
}

public sealed record LinkHeaderPaginationOptions
{
    public string LimitKey { get; init; } = "limit";

    public int? MaxLimit { get; init; }
}

public sealed record OffsetPagination() : PaginationDefinition("offset")
{
    public OffsetPaginationOptions Config { get; init; } = new();
}

public sealed record OffsetPaginationOptions
{
    public string OffsetKey { get; init; } = "offset";

    public string LimitKey { get; init; } = "limit";

    public int StartOffset { get; init; }

    /// <summary>Dotted path of the total record count in the response body.</summary>
    public string? TotalPath { get; init; }

    public int? MaxLimit { get; init; }

    public bool AddToBody { get; init; }
}

public sealed record RangePagination() : PaginationDefinition("range")
{
    public RangePaginationOptions Config { get; init; } = new();
}

public sealed record RangePaginationOptions
{
    public string StartKey { get; init; } = "start";

    public string EndKey { get; init; } = "end";

    public int Start { get; init; }

    public int? MaxLimit { get; init; }

    public string? TotalPath { get; init; }
}

public sealed record DynamicPagination() : PaginationDefinition("dynamic")
{
    public DynamicPaginationOptions Config { get; init; } = new();
}

/// <summary>JSONata expressions driving pagination.</summary>
public sealed record DynamicPaginationOptions
{
    public string? GetInitialPaginationValuesExpression { get; init; }

    /// <summary>Returns the next request's pagination values; <c>null</c> ends the walk.</summary>
    public string? GetPaginationValuesExpression { get; init; }

    public string? GetCursorFromResponseExpression { get; init; }
}
