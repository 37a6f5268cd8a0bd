using System.Text.Json.Nodes;

namespace Serverless.Core.Proxy;

/// <summary>One <c>/proxy</c> call after routing: which method of which resource, with the caller's input.</summary>
/// <param name="CallerQuery">The caller's query without the platform's own parameters.</param>
/// <param name="Limit">The caller's page size for lists (<c>limit</c>).</param>
/// <param name="NextCursor">The caller's opaque <c>next_cursor</c>.</param>
/// <param name="ScopeRoots">Extra template roots (custom actions: <c>inputs</c>, <c>previous</c>).</param>
public sealed record ProxyCall(
    CompiledIntegration Integration, ProxyAccount Account, string Resource, string Method, string? Id,
    JsonObject CallerQuery, JsonNode? CallerBody, int? Limit = null, string? NextCursor = null,
    IReadOnlyDictionary<string, JsonNode?>? ScopeRoots = null);
