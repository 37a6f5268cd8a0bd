using Serverless.Core.Platform;

namespace Serverless.Functions.Api.Auth;

/// <summary>
/// The <see cref="ApiTokenScope"/> an endpoint needs. Without this metadata, reads (GET, HEAD) need
/// <c>environment</c> and every other method needs <c>admin</c>: an endpoint that changes something is
/// team-level, admin only, until it is marked environment-level with
/// <see cref="ApiTokenEndpointConventions.AllowEnvironmentScope"/>. New endpoints are thus safe by default.
/// </summary>
internal sealed class ApiScopeMetadata(string scope)
{
    public string Scope { get; } = scope;

    /// <param name="declared">The endpoint's own metadata (the most specific one), if any.</param>
    public static string Required(ApiScopeMetadata? declared, string httpMethod) =>
        declared?.Scope ?? (HttpMethods.IsGet(httpMethod) || HttpMethods.IsHead(httpMethod) ? ApiTokenScope.Environment : ApiTokenScope.Admin);

    /// <summary>The 403 message for something an <c>environment</c> token may not do.</summary>
    public static string Denied(string action) =>
        $"{action} needs an API token with scope '{ApiTokenScope.Admin}'; this token's scope is '{ApiTokenScope.Environment}'";
}
