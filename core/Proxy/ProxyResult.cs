using System.Text.Json.Nodes;
using Serverless.Core.Http;

namespace Serverless.Core.Proxy;

/// <summary>What the proxy answers: status, body and the headers it forwards (normalised rate-limit headers).</summary>
/// <param name="Records">For lists: the page's records, also inside <paramref name="Body"/> (sync jobs read them here).</param>
/// <param name="Next">For lists: the next page's state, <c>null</c> at the end.</param>
public sealed record ProxyResult(
    int StatusCode, JsonNode? Body, IReadOnlyDictionary<string, string> Headers, JsonArray? Records = null,
    Pagination.PaginationState? Next = null, VendorResponse? VendorResponse = null)
{
    /// <summary>The call's secret values, for whoever passes the vendor's answer on (action tests, validation results).</summary>
    public SecretScrubber Secrets { get; init; } = SecretScrubber.None;
}
