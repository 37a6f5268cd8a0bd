using System.Globalization;
using System.Text.Json.Nodes;
using Serverless.Core.Errors;
using Serverless.Core.Integrations;
using Serverless.Core.Proxy;
using Serverless.Functions.Api.Auth;
using Serverless.Functions.Api.Bodies;
using Serverless.Functions.Api.OpenApi;

namespace Serverless.Functions.Proxy;

/// <summary>
/// <c>/proxy/{resource}[/{segment}]?integrated_account_id=</c> (SPEC §3): resolves the account, its
/// installation and the merged compiled config, runs the resource method through <see cref="ProxyEngine"/>
/// and answers the list envelope or the vendor body, with normalised rate-limit headers.
/// </summary>
internal static class ProxyEndpoints
{
    /// <param name="proxy">The <c>/proxy</c> group: bearer-token protected, with the errors every call may answer.</param>
    public static void Map(RouteGroupBuilder proxy)
    {
        proxy.MapGet("/{resource}", (HttpContext http, string resource, ProxyRequestHandler handler) => handler.HandleAsync(http, resource, null))
            .Produces<JsonObject>().Describe("listRecords", "List a resource's records (its list method), a page at a time");
        proxy.MapPost("/{resource}", (HttpContext http, string resource, ProxyRequestHandler handler) => handler.HandleAsync(http, resource, null))
            .Produces<JsonObject>().Describe("createRecord", "Create a record (the resource's create method)");
        proxy.MapGet("/{resource}/{segment}", (HttpContext http, string resource, string segment, ProxyRequestHandler handler) => handler.HandleAsync(http, resource, segment))
            .Produces<JsonObject>().Describe("getRecord", "Get a record by id (the resource's get method)");
        proxy.MapPost("/{resource}/{segment}", (HttpContext http, string resource, string segment, ProxyRequestHandler handler) => handler.HandleAsync(http, resource, segment))
            .Produces<JsonObject>().Describe("callMethod", "Run the resource's custom method named by the segment, else create a record with that id");
        proxy.MapPatch("/{resource}/{segment}", (HttpContext http, string resource, string segment, ProxyRequestHandler handler) => handler.HandleAsync(http, resource, segment))
            .Produces<JsonObject>().Describe("updateRecord", "Update a record (the resource's update method)");
        proxy.MapPut("/{resource}/{segment}", (HttpContext http, string resource, string segment, ProxyRequestHandler handler) => handler.HandleAsync(http, resource, segment))
            .Produces<JsonObject>().Describe("replaceRecord", "Update a record with PUT (the resource's update method)");
        proxy.MapDelete("/{resource}/{segment}", (HttpContext http, string resource, string segment, ProxyRequestHandler handler) => handler.HandleAsync(http, resource, segment))
            .Produces<JsonObject>().Describe("deleteRecord", "Delete a record (the resource's delete method)");
    }
}

/// <summary>The work behind one <c>/proxy</c> request.</summary>
internal sealed class ProxyRequestHandler(IntegrationResolver resolver, ProxyEngine engine, RequestBodyReader reader)
{
    public async Task<IResult> HandleAsync(HttpContext http, string resource, string? segment)
    {
        var ct = http.RequestAborted;
        var query = http.Request.Query;
        if (!Guid.TryParse(query["integrated_account_id"], out var accountId))
        {
            throw ApiException.BadRequest("$.integrated_account_id: required query parameter, an integrated account id (UUID)");
        }
        int? limit = null;
        if (query["limit"].ToString() is { Length: > 0 } limitText)
        {
            limit = int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
                ? parsed
                : throw ApiException.BadRequest("$.limit: must be a positive integer");
        }

        var account = await resolver.ResolveActiveAccountAsync(http.Caller().EnvironmentId, accountId, ct);
        var config = account.Config;
        var route = ProxyRoute.Resolve(http.Request.Method, segment, name => config.HasCustomMethod(resource, name))
            ?? throw new ApiException(StatusCodes.Status405MethodNotAllowed, $"{http.Request.Method} /proxy/{resource}{(segment is null ? "" : "/{id}")} maps to no resource method");
        var request = config.Method(resource, route.Method);
        var body = await reader.ReadPayloadAsync(http.Request);
        var call = new ProxyCall(
            config, await resolver.ReadProxyAccountAsync(account, ct), request, route.Id,
            PlatformQueryParameters.Forwarded(query.Select(pair => new KeyValuePair<string, string[]>(pair.Key, pair.Value.Where(v => v is not null).ToArray()!))),
            body, limit, query["next_cursor"].ToString() is { Length: > 0 } cursor ? cursor : null);

        return new ProxyAnswer(await engine.ExecuteAsync(call, ct));
    }
}
