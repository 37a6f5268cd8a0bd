using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Serverless.Core.Http;

namespace Serverless.Core.Pagination;

/// <summary>
/// What every format shares: the caller's limit clamped to <c>max_limit</c>, parameters placed in the
/// query or the body, and loop detection (two consecutive identical pages end the walk).
/// </summary>
public abstract class Paginator(string? limitKey, int? maxLimit, bool addToBody, bool detectLoop = true) : IPaginator
{
    public virtual PaginationState Start(int? limit) => new([], Clamp(limit));

    public abstract void Apply(OutboundRequest request, PaginationState state);

    public PaginationState? Advance(PaginationState state, string requestUrl, VendorResponse response, JsonArray records)
    {
        var hash = detectLoop && records.Count > 0 ? Fingerprint(records) : null;
        if (hash is not null && hash == state.PreviousPageHash) return null;
        var next = Next(state, requestUrl, response, records);
        return next is null ? null : next with { Limit = state.Limit, PreviousPageHash = hash };
    }

    /// <summary>The next state's vendor values; <see cref="PaginationState.Limit"/> and the hash are carried by the caller.</summary>
    protected abstract PaginationState? Next(PaginationState state, string requestUrl, VendorResponse response, JsonArray records);

    protected int? Clamp(int? limit) => limit is { } value && maxLimit is { } max ? Math.Min(value, max) : limit ?? maxLimit;

    /// <summary>Sets a pagination parameter in the body (<c>add_to_body</c>) or the query.</summary>
    protected void Put(OutboundRequest request, string key, JsonNode? value)
    {
        if (addToBody)
        {
            if (request.Body is not JsonObject body) request.Body = body = [];
            body[key] = value;
        }
        else
        {
            request.Query[key] = value;
        }
    }

    protected void PutLimit(OutboundRequest request, PaginationState state)
    {
        if (limitKey is not null && state.Limit is { } limit) Put(request, limitKey, limit);
    }

    /// <summary>A page shorter than the size asked for is the last one.</summary>
    protected static bool IsLastPage(PaginationState state, JsonArray records) =>
        records.Count == 0 || (state.Limit is { } limit && records.Count < limit);

    private static string Fingerprint(JsonArray records) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(records.ToJsonString())), 0, 12);
}
