using System.Text.Json.Nodes;
using Serverless.Core.Integrations;

namespace Serverless.Core.Proxy;

/// <summary>One vendor call: a request of a compiled integration (a resource method or an action's request), for an account, with the caller's input.</summary>
/// <param name="Request">The request to send, from <see cref="CompiledIntegration.Method"/> or an action's step.</param>
/// <param name="Id">The record id of get, update and delete (<c>{{id}}</c>).</param>
/// <param name="CallerQuery">The caller's query without the platform's own parameters.</param>
/// <param name="Limit">The caller's page size for lists (<c>limit</c>).</param>
/// <param name="NextCursor">The caller's opaque <c>next_cursor</c>.</param>
/// <param name="ScopeRoots">Extra template roots (custom actions: <c>inputs</c>, <c>previous</c>).</param>
public sealed record ProxyCall(
    CompiledIntegration Integration, ProxyAccount Account, CompiledRequest Request, string? Id,
    JsonObject CallerQuery, JsonNode? CallerBody, int? Limit = null, string? NextCursor = null,
    IReadOnlyDictionary<string, JsonNode?>? ScopeRoots = null);
