using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Http;
using Serverless.Core.Templating;

namespace Serverless.Core.Pagination;

/// <summary>
/// What every format shares: the caller's limit clamped to <c>max_limit</c>; parameters placed in the
/// body (<c>add_to_body</c>) and/or the query (<c>add_to_query</c>, by default where the body is not);
/// <c>headers</c> templated over the query plus the pagination values and <c>limit</c>; keys dropped from
/// the URL once the headers are built; and loop detection (two consecutive identical pages end the walk).
/// </summary>
internal abstract class Paginator : IPaginator
{
    private const string PaginationPlaceholder = "{{pagination.";
    private readonly JsonTemplate? _headers;
    private readonly bool _addToBody;
    private readonly bool _addToQuery;
    private readonly bool _detectLoop;

    protected Paginator(PaginationOptions options, string? limitKey, bool detectLoop = true, bool addToBody = false, bool? addToQuery = null)
    {
        LimitKey = limitKey;
        MaxLimit = options.MaxLimit;
        _addToBody = addToBody;
        _addToQuery = addToQuery ?? !addToBody;
        _detectLoop = detectLoop;
        _headers = options.Headers is { Count: > 0 } map
            ? JsonTemplate.Compile(new JsonObject(map.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value))))
            : null;
    }

    protected string? LimitKey { get; }

    protected int? MaxLimit { get; }

    /// <summary>Keys taken off the URL after the headers were built (<c>ignore_limit_in_pagination</c> of page, offset and range).</summary>
    protected IReadOnlyList<string> DroppedFromUrl { get; init; } = [];

    public virtual PaginationState Start(int? limit) => new([], Clamp(limit));

    public virtual JsonObject Placeholders(PaginationState state)
    {
        var values = (JsonObject)state.Values.DeepClone();
        if (state.Limit is { } limit)
        {
            values["limit"] = limit;
            if (LimitKey is not null) values[LimitKey] = limit;
        }
        return values;
    }

    public void Apply(OutboundRequest request, PaginationState state)
    {
        var placed = new JsonObject();
        Place(request, state, placed);
        // A {{pagination.*}} placeholder the state could not fill (no limit asked for) is not sent as text.
        RemoveUnresolved(request.Query);
        if (request.Body is JsonObject body) RemoveUnresolved(body);
        if (_headers is not null) AddHeaders(request, state, placed);
        foreach (var key in DroppedFromUrl) request.Query.Remove(key);
    }

    public PaginationState? Advance(PaginationState state, string requestUrl, VendorResponse response, PageRecords records)
    {
        var hash = _detectLoop && records.Count > 0 ? records.Fingerprint() : null;
        if (hash is not null && hash == state.PreviousPageHash) return null;
        var next = Next(state, requestUrl, response, records);
        return next is null ? null : next with { Limit = state.Limit, PreviousPageHash = hash };
    }

    public virtual PaginationState? Previous(PaginationState state, string requestUrl, VendorResponse response) => null;

    /// <summary>Puts the page's parameters on the request through <see cref="Put"/>, which records them in <paramref name="placed"/>.</summary>
    protected abstract void Place(OutboundRequest request, PaginationState state, JsonObject placed);

    /// <summary>The next state's vendor values; <see cref="PaginationState.Limit"/> and the hash are carried by the caller.</summary>
    protected abstract PaginationState? Next(PaginationState state, string requestUrl, VendorResponse response, PageRecords records);

    protected int? Clamp(int? limit) => limit is { } value && MaxLimit is { } max ? Math.Min(value, max) : limit ?? MaxLimit;

    /// <summary>Sets a pagination parameter in the body and/or the query.</summary>
    protected void Put(OutboundRequest request, JsonObject placed, string key, JsonNode? value)
    {
        if (_addToBody)
        {
            if (request.Body is not JsonObject body) request.Body = body = [];
            body[key] = value?.DeepClone();
        }
        if (_addToQuery) request.Query[key] = value?.DeepClone();
        placed[key] = value;
    }

    protected void PutLimit(OutboundRequest request, PaginationState state, JsonObject placed)
    {
        if (LimitKey is not null && state.Limit is { } limit) Put(request, placed, LimitKey, LimitValue(limit, _addToBody));
    }

    /// <summary>The limit as written (cursor's <c>limit_data_type</c> writes it as text in a body).</summary>
    protected virtual JsonNode LimitValue(int limit, bool inBody) => limit;

    /// <summary>A page shorter than the size asked for is the last one.</summary>
    protected static bool IsLastPage(PaginationState state, PageRecords records) =>
        records.Count == 0 || (state.Limit is { } limit && records.Count < limit);

    private void AddHeaders(OutboundRequest request, PaginationState state, JsonObject placed)
    {
        var scope = (JsonObject)request.Query.DeepClone();
        foreach (var (key, value) in placed) scope[key] = value?.DeepClone();
        scope["limit"] = state.Limit;
        if (_headers!.ResolveNode(new JsonObjectScope(scope)) is not JsonObject resolved) return;
        foreach (var (name, value) in resolved)
        {
            if (value is JsonValue scalar) request.Headers[name] = QueryStringWriter.Scalar(scalar);
        }
    }

    private static void RemoveUnresolved(JsonObject values)
    {
        foreach (var (key, value) in values.ToList())
        {
            if (value is JsonValue scalar && scalar.TryGetValue<string>(out var text) && text.StartsWith(PaginationPlaceholder, StringComparison.Ordinal)
                && text.EndsWith("}}", StringComparison.Ordinal))
            {
                values.Remove(key);
            }
        }
    }
}
