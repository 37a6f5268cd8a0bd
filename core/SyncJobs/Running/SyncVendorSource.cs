using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Errors;
using Serverless.Core.Integrations;
using Serverless.Core.Pagination;
using Serverless.Core.Proxy;

namespace Serverless.Core.SyncJobs.Running;

/// <summary>
/// The sync runs' one adapter to the proxy engine: resolves an account to its installation's compiled config
/// (as <c>/proxy</c> does) and fetches one page of a resource method through <see cref="ProxyEngine"/>, so auth, OAuth
/// refresh, pagination, error and rate-limit rules are exactly the proxy's. Nothing else in sync jobs touches the
/// proxy's types.
/// </summary>
public sealed class SyncVendorSource(IntegrationResolver resolver, ProxyEngine engine)
{
    /// <summary>An account ready for calls (its context with secrets, its compiled config).</summary>
    /// <exception cref="SyncSourceException">The account, its installation or its integration is gone, or the account is not active.</exception>
    public async Task<SyncVendorAccount> OpenAsync(Guid environmentId, Guid accountId, CancellationToken cancellationToken)
    {
        try
        {
            var resolved = await resolver.ResolveActiveAccountAsync(environmentId, accountId, cancellationToken);
            return new SyncVendorAccount(resolved.Config, await resolver.ReadProxyAccountAsync(resolved, cancellationToken));
        }
        catch (ApiException exception)
        {
            throw new SyncSourceException(exception.Message);
        }
    }

    /// <summary>
    /// One page: <paramref name="query"/> (already templated) is the caller's query of a <c>/proxy</c> call, its
    /// <c>limit</c> the page size; <paramref name="cursor"/> the <c>next_cursor</c> of the page before (null: the first).
    /// A method other than <c>list</c> gives one page: its body's array, or the body as one record.
    /// </summary>
    /// <param name="scopeRoots">Extra template roots for the integration's own templates (<c>args</c>, <c>resources</c>...).</param>
    /// <exception cref="SyncVendorException">The vendor call failed; <see cref="SyncVendorException.RetryAfter"/> is set when it was rate-limited.</exception>
    public async Task<SyncVendorPage> FetchAsync(
        SyncVendorAccount account, string resource, string method, string? id, JsonObject query, string? cursor,
        IReadOnlyDictionary<string, JsonNode?> scopeRoots, CancellationToken cancellationToken)
    {
        int? limit = null;
        var forwarded = new JsonObject();
        foreach (var (name, value) in query)
        {
            if (name == "limit" && int.TryParse(value?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0) limit = size;
            else if (!PlatformQueryParameters.IsPlatform(name)) forwarded[name] = value?.DeepClone();
        }

        ProxyResult result;
        try
        {
            var call = new ProxyCall(account.Integration, account.Account, account.Integration.Method(resource, method), id, forwarded, null, limit, cursor, scopeRoots);
            result = await engine.ExecuteAsync(call, cancellationToken);
        }
        catch (ApiException exception)
        {
            TimeSpan? retryAfter = exception.StatusCode == 429
                && double.TryParse(exception.Headers.GetValueOrDefault("Retry-After"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                ? TimeSpan.FromSeconds(Math.Max(0, seconds))
                : exception.StatusCode == 429 ? TimeSpan.FromSeconds(60) : null;
            throw new SyncVendorException(exception.StatusCode, exception.Message, retryAfter);
        }

        if (result.Records is { } records)
        {
            return new SyncVendorPage(records, result.Body?["next_cursor"]?.GetValue<string>()) { Received = result.ReceivedRecords };
        }
        return new SyncVendorPage(result.Body switch
        {
            JsonArray array => array,
            null => [],
            var single => [single.DeepClone()],
        }, null);
    }

    /// <summary>Whether a compiled integration has a method of a resource; else why not.</summary>
    public static string? MissingMethod(CompiledIntegration integration, string resource, string method) =>
        integration.Find(resource, method) is not null ? null
            : integration.HasResource(resource) ? $"resource '{resource}' of the integration has no method '{method}'"
            : $"the integration has no resource '{resource}'";
}

/// <summary>An account resolved for calls; opaque outside <see cref="SyncVendorSource"/>.</summary>
public sealed class SyncVendorAccount
{
    internal SyncVendorAccount(CompiledIntegration integration, ProxyAccount account) => (Integration, Account) = (integration, account);

    internal CompiledIntegration Integration { get; }

    internal ProxyAccount Account { get; }
}

/// <param name="Records">The page's records as a tree (read by the levels below a <c>depends_on</c> parent).</param>
/// <param name="NextCursor">The opaque cursor of the next page, null after the last.</param>
public sealed record SyncVendorPage(JsonArray Records, string? NextCursor)
{
    /// <summary>
    /// <see cref="Records"/> as the vendor sent them (an array in its answer), when they are: a page that is only passed
    /// on is counted and written from these bytes, and its tree is never built.
    /// </summary>
    internal JsonElement? Received { get; init; }

    /// <summary>How many records the page has.</summary>
    public int Count => PageRecords.Count;

    /// <summary>The records where they lie (<see cref="Received"/> when there are), to count and write them.</summary>
    internal PageRecords PageRecords => PageRecords.Of(Records, Received);
}

/// <summary>The account cannot be used for calls at all; the run fails whatever its error handling.</summary>
internal sealed class SyncSourceException(string message) : Exception(message);

/// <summary>A vendor call failed with <see cref="StatusCode"/> (the proxy's); <see cref="RetryAfter"/> when rate-limited.</summary>
internal sealed class SyncVendorException(int statusCode, string message, TimeSpan? retryAfter) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
