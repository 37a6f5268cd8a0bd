namespace Serverless.Core.Proxy;

/// <summary>
/// Maps a <c>/proxy</c> HTTP call to a resource method (SPEC §2.3): <c>GET /r</c> list, <c>GET /r/{id}</c>
/// get, <c>POST /r</c> create, <c>PATCH|PUT /r/{id}</c> update, <c>DELETE /r/{id}</c> delete,
/// <c>POST /r/{method}</c> a custom method when <c>{method}</c> names one (otherwise it is an id for create).
/// </summary>
public static class ProxyRoute
{
    /// <returns>The method name and id, or <c>null</c> when the HTTP method has no mapping.</returns>
    public static (string Method, string? Id)? Resolve(string httpMethod, string? segment, Func<string, bool> isCustomMethod) =>
        (httpMethod.ToUpperInvariant(), segment) switch
        {
            ("GET", null) => ("list", null),
            ("GET", var id) => ("get", id),
            ("POST", null) => ("create", null),
            ("POST", var name) when isCustomMethod(name) => (name, null),
            ("POST", var id) => ("create", id),
            ("PATCH" or "PUT", { } id) => ("update", id),
            ("DELETE", { } id) => ("delete", id),
            _ => null,
        };
}
