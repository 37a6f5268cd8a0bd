using System.Globalization;
using Serverless.Core.Errors;
using Serverless.Core.Storage;
using Serverless.Functions.Api.Contracts;

namespace Serverless.Functions.Api.Endpoints;

/// <summary><c>?limit=&amp;next_cursor=</c> of every list: limit 1–1000, default 100.</summary>
internal readonly record struct ListParameters(int Limit, string? Cursor)
{
    public static ListParameters Parse(string? limit, string? nextCursor)
    {
        var value = PlatformApiOptions.DefaultListLimit;
        if (limit is not null
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value < 1 || value > PlatformApiOptions.MaxListLimit))
        {
            throw ApiException.BadRequest($"$.limit: expected an integer from 1 to {PlatformApiOptions.MaxListLimit}, got '{limit}'");
        }

        return new ListParameters(value, string.IsNullOrEmpty(nextCursor) ? null : nextCursor);
    }

    public IResult Answer<TRecord, TResponse>(RecordPage<TRecord> page, Func<TRecord, TResponse> map) =>
        Results.Ok(new ListResponse<TResponse>(page.Items.Select(map).ToList(), page.NextCursor, Limit));
}
