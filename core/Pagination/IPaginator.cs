using System.Text.Json.Nodes;
using Serverless.Core.Http;

namespace Serverless.Core.Pagination;

/// <summary>One pagination format (SPEC §2.6): how a page is asked for and how the next one is found.</summary>
public interface IPaginator
{
    /// <summary>The state of the first page for a caller asking for <paramref name="limit"/> records (null: the vendor's default).</summary>
    PaginationState Start(int? limit);

    /// <summary>What <c>{{pagination.*}}</c> placeholders of the request see: the state's values, <c>limit</c> and the values under the config's key names.</summary>
    JsonObject Placeholders(PaginationState state);

    /// <summary>Puts the page's parameters (or the link to follow) and the pagination headers on the request.</summary>
    void Apply(OutboundRequest request, PaginationState state);

    /// <summary>The next page's state, or <c>null</c> when <paramref name="response"/> was the last page.</summary>
    /// <param name="requestUrl">The URL the page was fetched from (relative links resolve against it).</param>
    PaginationState? Advance(PaginationState state, string requestUrl, VendorResponse response, PageRecords records);

    /// <summary>The previous page's state when the vendor tells it (cursor <c>prev_cursor_path</c>), else <c>null</c>.</summary>
    PaginationState? Previous(PaginationState state, string requestUrl, VendorResponse response);
}
